package wire.supervisor.builtin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import wire.protocol.Json;
import wire.protocol.WireVersion;
import wire.supervisor.core.AtomicFiles;

/**
 * The built-in per-session daemon, {@code wire daemon [--interval S]}: what a session without a
 * {@code command} runs. It serves exactly the session named by {@code WIRE_HOME}, holds that
 * session's {@code daemon.pid}, and records each sync cycle in {@code last_sync.json} (which is
 * also what keeps an unbound session eligible under the idle filter) until SIGTERM.
 */
public final class SessionDaemon {
    private final Path home;
    private final Duration interval;
    private final PrintStream log;
    /** How long {@link #stop()} waits for {@link #run()} to let go of the pidfile. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    public SessionDaemon(Path home, Duration interval, PrintStream log) {
        this.home = home;
        this.interval = interval;
        this.log = log;
    }

    /** Runs until {@link #stop()} (called by the JVM's SIGTERM/SIGINT hook); returns the exit code. */
    public int run() throws IOException, InterruptedException {
        Path state = home.resolve("state").resolve("wire");
        long pid = ProcessHandle.current().pid();
        try (PidFile ignored = PidFile.acquire(state.resolve("daemon.pid"), home, pid, WireVersion.current())) {
            log.printf("wire daemon %s: serving %s as pid %d, a sync every %d s%n",
                    WireVersion.current(), home, pid, interval.toSeconds());
            do {
                writeLastSync(state.resolve("last_sync.json"));
            } while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS));
            log.printf("wire daemon: stopping (pid %d)%n", pid);
            return 0;
        } catch (PidFile.HeldException e) {
            log.println("wire daemon: " + e.getMessage());
            return 1;
        } finally {
            finished.countDown();
        }
    }

    /**
     * Asks {@link #run()} to end and waits (at most a few seconds) until it has removed
     * {@code daemon.pid}. The JVM's SIGTERM hook calls this, and the JVM halts as soon as its hooks
     * return: without the wait, a stopped daemon would leave its pidfile behind.
     */
    public void stop() {
        stop.countDown();
        try {
            finished.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void writeLastSync(Path file) throws IOException {
        String ts = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        byte[] body = Json.mapper().createObjectNode().put("ts", ts).toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, body);
    }
}
