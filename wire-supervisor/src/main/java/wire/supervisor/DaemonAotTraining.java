package wire.supervisor;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import wire.ipc.DaemonUnreachableException;
import wire.ipc.RpcClient;
import wire.ipc.WirePaths;

/**
 * The workload the supervisor's AOT cache is recorded from ({@link DaemonAotCache}): a real
 * supervisor, in this JVM, on a throw-away root with three sessions (one that runs, one that
 * crashes at once and backs off, one stopped), and a client that lists, asks for a status, starts,
 * restarts, stops, reloads and finally shuts it down with its sessions. That is the
 * start-up path and the common requests, which is what the cache is for. Exits 1 if a call failed.
 */
final class DaemonAotTraining {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private DaemonAotTraining() {}

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("wire-daemon-aot");
        boolean served;
        try {
            served = train(root);
        } finally {
            deleteTree(root);
        }
        System.exit(served ? 0 : 1); // the JVM records the cache as it exits
    }

    static boolean train(Path root) throws Exception {
        session(root, "runs", "[\"sleep\", \"30\"], \"cwd\": \"/tmp\"");
        session(root, "crashes", "[\"sh\", \"-c\", \"echo starting; exit 3\"], \"cwd\": \"/tmp\"");
        session(root, "stopped", "[\"sleep\", \"30\"], \"cwd\": \"/tmp\", \"autostart\": false");
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "WIRE_ROOT", root.toString());
        Path socket = WirePaths.socket(env);
        SupervisorDaemon daemon = new SupervisorDaemon(env, RegistryOptions.DEFAULTS,
                new PrintStream(OutputStream.nullOutputStream()));
        Thread supervisor = Thread.ofPlatform().start(() -> {
            try {
                daemon.run(SelfCommand.builtInSessionDaemon());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try (RpcClient client = connect(socket)) {
            client.call("list", null, CALL_TIMEOUT);
            client.call("status", Map.of("session", "runs"), CALL_TIMEOUT);
            client.call("start", Map.of("session", "stopped"), CALL_TIMEOUT);
            client.call("restart", Map.of("session", "runs"), CALL_TIMEOUT);
            client.call("stop", Map.of("session", "stopped"), CALL_TIMEOUT);
            client.call("reload", null, CALL_TIMEOUT);
            client.call("status", Map.of("session", "crashes"), CALL_TIMEOUT);
            client.call("list", null, CALL_TIMEOUT);
            client.call("shutdown", Map.of("stop_sessions", true), CALL_TIMEOUT);
        }
        supervisor.join(DEADLINE.toMillis());
        return !supervisor.isAlive();
    }

    private static RpcClient connect(Path socket) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (true) {
            try {
                return RpcClient.connect(socket);
            } catch (DaemonUnreachableException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the training supervisor did not open " + socket, e);
                }
                Thread.sleep(20); // its start-up: the very thing being recorded
            }
        }
    }

    private static void session(Path root, String name, String commandAndOptions) throws IOException {
        Path home = Files.createDirectories(root.resolve("sessions").resolve(name));
        Files.writeString(home.resolve("session.json"), "{\"command\": " + commandAndOptions + "}\n");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
