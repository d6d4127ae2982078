package wire.supervisor;

import java.time.Duration;

/**
 * The entry point of the built-in per-session daemon as the supervisor spawns it, for a session
 * without {@code command} ({@link SelfCommand#builtInSessionDaemon}). Like {@link SupervisorMain}
 * it never loads the CLI: one of these runs per such session for as long as the session runs, and
 * picocli's command tree would sit in every one of them (docs/performance.md). People type
 * {@code wire daemon [--interval S]}, which lands in the same {@link Daemons#runSession}.
 */
public final class SessionDaemonMain {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private SessionDaemonMain() {}

    public static void main(String[] args) {
        if (args.length != 0) {
            System.err.println("wire daemon: " + SessionDaemonMain.class.getName() + " takes no arguments (got "
                    + String.join(" ", args) + "); for options run: wire daemon --interval S");
            System.exit(2);
            return;
        }
        System.exit(Daemons.runSession(System.getenv(), DEFAULT_INTERVAL));
    }
}
