package wire.supervisor.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionDaemonTest {
    @TempDir
    Path home;

    /**
     * The JVM halts as soon as its shutdown hooks return; the hook calls stop(), so stop() must not
     * return before run() has removed daemon.pid (a SIGTERM'd wire daemon used to leave it behind).
     */
    @Test
    void stopReturnsOnlyOnceThePidfileIsRemoved() throws Exception {
        SessionDaemon daemon = new SessionDaemon(home, Duration.ofSeconds(60),
                new PrintStream(new ByteArrayOutputStream(), true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return daemon.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Path pidfile = home.resolve("state/wire/daemon.pid");
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> Files.exists(pidfile) && Files.exists(home.resolve("state/wire/last_sync.json")));

        daemon.stop();

        assertFalse(Files.exists(pidfile), "daemon.pid still there when stop() returned");
        assertEquals(0, exit.get());
    }
}
