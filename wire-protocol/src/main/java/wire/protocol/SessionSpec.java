package wire.protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A session's {@code session.json} with every default applied (DESIGN.md, "session.json"). Build
 * one from a file with {@code SessionSpecParser}, which reports every problem with its JSON path;
 * this record only holds values already known to be valid.
 *
 * @param command the argv, or null to run the built-in {@code wire daemon}
 * @param cwd absolute working directory, or null to run in the session's home (unbound session)
 */
public record SessionSpec(
        List<String> command,
        String cwd,
        Map<String, String> env,
        boolean autostart,
        RestartPolicy restart,
        StopSignal stopSignal,
        long stopGraceSeconds,
        int maxRestarts,
        long restartWindowSeconds,
        long logMaxBytes,
        int logKeep) {

    public static final boolean DEFAULT_AUTOSTART = true;
    public static final RestartPolicy DEFAULT_RESTART = RestartPolicy.ALWAYS;
    public static final StopSignal DEFAULT_STOP_SIGNAL = StopSignal.TERM;
    public static final long DEFAULT_STOP_GRACE_SECONDS = 10;
    public static final int DEFAULT_MAX_RESTARTS = 10;
    public static final long DEFAULT_RESTART_WINDOW_SECONDS = 60;
    public static final long DEFAULT_LOG_MAX_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_LOG_KEEP = 5;

    public SessionSpec {
        command = command == null ? null : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(stopSignal, "stopSignal");
    }

    /** A spec with every default: runs the built-in daemon in the session's home. */
    public static SessionSpec defaults() {
        return new SessionSpec(null, null, Map.of(), DEFAULT_AUTOSTART, DEFAULT_RESTART, DEFAULT_STOP_SIGNAL,
                DEFAULT_STOP_GRACE_SECONDS, DEFAULT_MAX_RESTARTS, DEFAULT_RESTART_WINDOW_SECONDS,
                DEFAULT_LOG_MAX_BYTES, DEFAULT_LOG_KEEP);
    }

    /** A session with {@code cwd} is bound: the idle filter never skips it. */
    public boolean bound() {
        return cwd != null;
    }

    /** True when the session runs the built-in {@code wire daemon} rather than its own command. */
    public boolean usesBuiltInDaemon() {
        return command == null;
    }
}
