package wire.supervisor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import wire.supervisor.builtin.SessionDaemon;

/** The two daemons the {@code wire daemon} command can run; the CLI's only door into this module. */
public final class Daemons {
    private Daemons() {}

    /**
     * {@code wire daemon --all-sessions}: the supervisor of every session under the root that
     * {@code env} names. Returns the process exit code (0 also when another daemon already holds
     * the root: that is not an error).
     *
     * @param foreground false to detach (own session, output to supervisor.log) and return once
     *     the socket answers
     */
    public static int runSupervisor(Map<String, String> env, boolean foreground, RegistryOptions registry) {
        PrintStream out = System.out;
        try {
            if (!foreground) {
                return Detacher.detach(env, registry, out);
            }
            return new SupervisorDaemon(env, registry, out).run(SelfCommand.builtInSessionDaemon());
        } catch (IOException e) {
            System.err.println("wire daemon --all-sessions: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /**
     * How starting the supervisor in the background went (for the CLI's autospawn).
     *
     * @param pid the daemon this call spawned, 0 when another one already answered
     * @param message one line on success; on failure the reason, the end of {@code supervisor.log}
     *     and the command that was run
     */
    public record Started(boolean ok, long pid, String message) {}

    /**
     * Starts {@code wire daemon --all-sessions} detached from the caller (own session, output to
     * {@code supervisor.log}) with {@code env} as its environment and waits up to {@code budget} for
     * its socket to answer. Never fails for a daemon that is already up.
     */
    public static Started startDetached(Map<String, String> env, RegistryOptions registry, Duration budget)
            throws IOException, InterruptedException {
        return Detacher.start(env, registry, budget);
    }

    /**
     * The argv a service manager runs to keep the supervisor up: this JVM and this build's class
     * path, absolute, the supervisor's entry point and its default options; the same command the
     * detaching start runs.
     */
    public static List<String> foregroundSupervisorCommand() {
        return SelfCommand.supervisor(RegistryOptions.DEFAULTS);
    }

    /** {@code wire daemon [--interval S]}: the built-in daemon of the session {@code WIRE_HOME} names. */
    public static int runSession(Map<String, String> env, Duration interval) {
        String home = env.get("WIRE_HOME");
        if (home == null || home.isBlank()) {
            System.err.println("wire daemon: WIRE_HOME is not set; it names the session home this daemon serves "
                    + "(for the supervisor of every session, run: wire daemon --all-sessions)");
            return 2;
        }
        Path homeDir = Path.of(home);
        if (!Files.isDirectory(homeDir)) {
            System.err.println("wire daemon: WIRE_HOME=" + home + " is not a directory");
            return 1;
        }
        SessionDaemon daemon = new SessionDaemon(homeDir, interval, System.err);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(daemon::stop));
        try {
            return daemon.run();
        } catch (IOException e) {
            System.err.println("wire daemon: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }


}
