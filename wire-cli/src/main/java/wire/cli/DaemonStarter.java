package wire.cli;

import java.time.Duration;
import java.util.Map;

/**
 * Starts the supervisor in the background and waits for its socket: the seam between autospawn's
 * decisions and a real process. The real one loads the supervisor module only when it runs.
 */
@FunctionalInterface
interface DaemonStarter {
    /**
     * @param pid the daemon this call started, 0 when another one answered instead
     * @param message one line on success; else the reason, the end of supervisor.log and the command
     */
    record Outcome(boolean ok, long pid, String message) {}

    Outcome start(Map<String, String> env, Duration budget) throws Exception;

    /** Starts nothing: for contexts that must not start processes (tests, embedding). */
    DaemonStarter NONE = (env, budget) -> new Outcome(false, 0, "starting the supervisor is not available here");

    /** {@code wire daemon --all-sessions}, detached, with the CLI's environment. */
    static DaemonStarter real() {
        return (env, budget) -> {
            var started = wire.supervisor.Daemons.startDetached(env,
                    wire.supervisor.RegistryOptions.DEFAULTS, budget);
            return new Outcome(started.ok(), started.pid(), started.message());
        };
    }
}
