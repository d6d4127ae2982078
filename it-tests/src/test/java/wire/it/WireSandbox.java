package wire.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import wire.ipc.RpcClient;
import wire.protocol.RpcException;

/**
 * One temporary {@code WIRE_ROOT} per test with the real daemon JVM, the real CLI and real helper
 * children; afterwards every process that belongs to the root is killed, whatever the test did.
 */
public final class WireSandbox implements BeforeEachCallback, AfterEachCallback {
    private static final Path JAR = Path.of(System.getProperty("wire.jar", "../wire-cli/target/wire.jar"));
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final List<String> HELPERS =
            List.of("sleeper.sh", "crash.sh", "exit0.sh", "ignore-term.sh", "forker.sh", "env-dump.sh");

    private final List<Process> daemons = new ArrayList<>();
    private final Map<String, String> extraEnv = new HashMap<>();
    private Path root;
    private int daemonRuns;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        root = Files.createTempDirectory("wire-it-");
        Files.createDirectories(root.resolve("sessions"));
        Path helpers = Files.createDirectories(root.resolve("helpers"));
        for (String name : HELPERS) {
            try (InputStream in = WireSandbox.class.getResourceAsStream("/helpers/" + name)) {
                Path target = helpers.resolve(name);
                Files.copy(in, target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        for (Process daemon : daemons) {
            daemon.destroyForcibly();
        }
        for (long pid : Procs.withCmdlineContaining(root.toString())) {
            Procs.killHard(pid);
        }
        // Detached daemons carry the root only in their environment.
        for (long pid : Procs.withEnvUnder("WIRE_ROOT", root)) {
            Procs.killHard(pid);
        }
        for (long pid : Procs.withWireHomeUnder(root)) {
            Procs.killHard(pid);
        }
        Awaits.await().until(() -> Procs.withWireHomeUnder(root).stream().noneMatch(Procs::alive));
        deleteTree(root);
    }

    public Path root() {
        return root;
    }

    public Path socket() {
        return root.resolve("supervisor.sock");
    }

    public Path helper(String name) {
        return root.resolve("helpers").resolve(name);
    }

    public Path home(String session) {
        return root.resolve("sessions").resolve(session);
    }

    /** Adds a variable to the environment of every daemon and CLI started from now on. */
    public WireSandbox env(String key, String value) {
        extraEnv.put(key, value);
        return this;
    }

    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("WIRE_"));
        env.put("WIRE_ROOT", root.toString());
        env.put("WIRE_NO_AUTOSPAWN", "1");
        env.putAll(extraEnv);
        return env;
    }

    /** A new client connection to the running daemon; close it when done. */
    public RpcClient client() {
        try {
            return RpcClient.connect(socket());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One call on a fresh connection; the result, or the error as an {@link RpcException}. */
    public JsonNode call(String method, Object params) throws RpcException {
        try (RpcClient c = client()) {
            return c.call(method, params);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code status} of one session, as JSON. */
    public JsonNode status(String session) throws RpcException {
        return call("status", Map.of("session", session));
    }

    /** Writes {@code sessions/<name>/session.json} with the given text, as a user would. */
    public Path writeSession(String name, String json) {
        try {
            Path home = Files.createDirectories(home(name));
            Files.writeString(home.resolve("session.json"), json);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A session running one of the helper scripts. */
    public Path helperSession(String name, String helper, String extraJson) {
        String extra = extraJson == null || extraJson.isBlank() ? "" : ", " + extraJson;
        return writeSession(name, "{\"command\": [\"" + helper(helper) + "\"]" + extra + "}");
    }

    /** Starts {@code wire daemon --all-sessions --foreground} and waits until its socket answers. */
    public Process startDaemon(String... extraArgs) {
        return startDaemon(List.of(), extraArgs);
    }

    /**
     * The same, with {@code wrapper} in front of the java command: a program that execs it, such
     * as {@code nohup}, so the daemon keeps the process's pid.
     */
    public Process startDaemon(List<String> wrapper, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("daemon", "--all-sessions", "--foreground"));
        args.addAll(List.of(extraArgs));
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(wireCommand(args));
        Path output = root.resolve("daemon-" + (++daemonRuns) + ".out");
        Process daemon = start(command, Map.of(), output, output);
        daemons.add(daemon);
        Awaits.await().until(() -> {
            if (!daemon.isAlive()) {
                throw new AssertionError("daemon exited with " + daemon.exitValue() + ": " + daemonOutput());
            }
            try (RawClient c = new RawClient(socket())) {
                c.send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"version\"}\n");
                return c.readLine() != null;
            }
        });
        return daemon;
    }

    /** The output of the most recent daemon started by {@link #startDaemon}. */
    public String daemonOutput() {
        try {
            return Files.readString(root.resolve("daemon-" + daemonRuns + ".out"));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Runs the wire CLI as a whole process and waits for it. */
    public CliResult cli(String... args) {
        Path out = root.resolve("cli.out");
        Path err = root.resolve("cli.err");
        Process p = launchCli(List.of(args), out, err);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("wire " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new CliResult(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts any wire command as a background process (for example a second daemon). */
    public Process launch(List<String> args, Path output) {
        return launch(args, output, Map.of());
    }

    /** The same, with variables added to (or replacing) the sandbox's environment. */
    public Process launch(List<String> args, Path output, Map<String, String> extraEnv) {
        return start(wireCommand(args), extraEnv, output, output);
    }

    private Process launchCli(List<String> args, Path out, Path err) {
        return start(wireCommand(args), Map.of(), out, err);
    }

    /** Starts {@code command} with the sandbox's environment plus {@code extraEnv}; stdin is /dev/null. */
    public Process start(List<String> command, Map<String, String> extraEnv, Path out, Path err) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(environment());
        pb.environment().putAll(extraEnv);
        pb.redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        if (out.equals(err)) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(err.toFile());
        }
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line that runs this build's {@code wire ARGS} the way the tests do. */
    public List<String> wireCommand(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(JAVA.toString(), "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:UserThreadWaitAttemptsAtExit=0", "-jar",
                JAR.toString()));
        cmd.addAll(args);
        return cmd;
    }

    public static Duration timeout() {
        return Duration.ofSeconds(20);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** What a CLI run printed and returned. */
    public record CliResult(int exitCode, String stdout, String stderr) {
        public String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
