package wire.ipc;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The client could not connect to the supervisor socket. {@link #reason()} says why, because the
 * CLI acts on it: a missing socket means "start the daemon", a refusing one is stale and may be
 * cleared first (DESIGN.md, CLI autospawn).
 */
public final class DaemonUnreachableException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why the connection failed. */
    public enum Reason {
        /** No file at the socket path: no daemon has bound it. */
        MISSING,
        /** A file is there but nothing listens behind it: a stale socket. */
        REFUSED,
        /** Anything else (permissions, a path too long, ...); see the cause. */
        OTHER
    }

    private final transient Path socket;
    private final Reason reason;

    public DaemonUnreachableException(Path socket, Reason reason, IOException cause) {
        super(message(socket, reason, cause), cause);
        this.socket = socket;
        this.reason = reason;
    }

    public Path socket() {
        return socket;
    }

    public Reason reason() {
        return reason;
    }

    private static String message(Path socket, Reason reason, IOException cause) {
        return switch (reason) {
            case MISSING -> "no supervisor socket at " + socket + " (the daemon is not running)";
            case REFUSED -> "supervisor socket " + socket + " refuses connections (stale: no daemon behind it)";
            case OTHER -> "cannot connect to supervisor socket " + socket + ": " + cause.getMessage();
        };
    }
}
