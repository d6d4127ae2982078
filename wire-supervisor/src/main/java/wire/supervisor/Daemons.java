package wire.supervisor;

import java.time.Duration;
import java.util.Map;

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
    public static int runSupervisor(Map<String, String> env, boolean foreground, Duration registryPoll) {
        System.err.println("wire daemon --all-sessions: the supervisor is not built yet");
        return 1;
    }

    /** {@code wire daemon [--interval S]}: the built-in daemon of the session {@code WIRE_HOME} names. */
    public static int runSession(Map<String, String> env, Duration interval) {
        System.err.println("wire daemon: the built-in session daemon is not built yet");
        return 1;
    }
}
