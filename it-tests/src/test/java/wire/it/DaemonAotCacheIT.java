package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor's own AOT cache: a detaching start with no cache leaves one behind (trained in
 * the background), the next start runs with it, and the cache made at once by
 * {@code wire.supervisor.DaemonAotCache} is the same kind of file. Each on a copy of the jar, so
 * the build's jar and its caches are left alone.
 */
class DaemonAotCacheIT {
    private static final Path JAR = Path.of(System.getProperty("wire.jar", "../wire-cli/target/wire.jar"));
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    @TempDir
    Path jarDir;

    @Test
    void aDetachingStartWithoutACacheLeavesOneAndTheNextStartUsesIt() throws Exception {
        Path jar = Files.copy(JAR, jarDir.resolve("wire.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        Path cache = jarDir.resolve("wire-daemon.aot");
        sandbox.helperSession("api", "sleeper.sh", "\"cwd\": \"/tmp\"");

        long first = detachedStart(jar);
        assertFalse(commandLine(first).contains("-XX:AOTCache="), "no cache yet: " + commandLine(first));
        Awaits.await().until(() -> Files.size(jarDir.resolve("wire-daemon.aot.jdk")) > 0
                && !Files.exists(jarDir.resolve("wire-daemon.aot.lock")));
        assertTrue(Files.size(cache) > 0);
        assertEquals(JAVA.getParent().getParent().toString(),
                Files.readString(jarDir.resolve("wire-daemon.aot.jdk"), StandardCharsets.UTF_8).strip());
        shutdown();

        long second = detachedStart(jar);
        assertTrue(commandLine(second).contains("-XX:AOTCache=" + cache), commandLine(second));
        Awaits.await().until(() -> sandbox.status("api").path("state").asText().equals("running"));
        shutdown();
    }

    @Test
    void theCacheCanBeMadeAtOnceAndIsThenLeftAsItIs() throws Exception {
        Path jar = Files.copy(JAR, jarDir.resolve("wire.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        Path cache = jarDir.resolve("wire-daemon.aot");

        assertEquals(0, run(List.of(JAVA.toString(), "-cp", jar.toString(), "wire.supervisor.DaemonAotCache")));
        assertTrue(Files.size(cache) > 0);
        assertFalse(Files.exists(jarDir.resolve("wire-daemon.aot.lock")), "the trainer's lock stayed");
        var made = Files.getLastModifiedTime(cache);

        assertEquals(0, run(List.of(JAVA.toString(), "-cp", jar.toString(), "wire.supervisor.DaemonAotCache")));
        assertEquals(made, Files.getLastModifiedTime(cache), "a usable cache was made again");
        try (var left = Files.list(jarDir)) {
            assertEquals(List.of("wire-daemon.aot", "wire-daemon.aot.jdk", "wire.jar"),
                    left.map(p -> p.getFileName().toString()).sorted().toList(), "temporary files left behind");
        }
    }

    /** {@code wire daemon --all-sessions} from {@code jar}, as a user starts it; the supervisor's pid. */
    private long detachedStart(Path jar) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                jar.toString(), "wire.cli.Main", "daemon", "--all-sessions"));
        Path out = sandbox.root().resolve("detach.out");
        Process p = sandbox.start(command, java.util.Map.of(), out, out);
        assertTrue(p.waitFor(WireSandbox.timeout().toSeconds() * 2, TimeUnit.SECONDS), "the detaching start did not return");
        assertEquals(0, p.exitValue(), Files.readString(out));
        String pidFile = Files.readString(sandbox.root().resolve("supervisor.pid"));
        return Long.parseLong(pidFile.replaceAll("(?s).*\"pid\"\\s*:\\s*(\\d+).*", "$1"));
    }

    private void shutdown() throws Exception {
        sandbox.call("shutdown", java.util.Map.of("stop_sessions", true));
        Awaits.await().until(() -> !Files.exists(sandbox.socket()));
    }

    private static String commandLine(long pid) throws Exception {
        return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
    }

    private static int run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(p.waitFor(WireSandbox.timeout().toSeconds() * 4, TimeUnit.SECONDS), "did not finish");
        return p.exitValue();
    }
}
