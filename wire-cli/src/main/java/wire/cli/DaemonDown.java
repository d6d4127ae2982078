package wire.cli;

import java.nio.file.Path;

/** Nobody answers on the socket: no daemon, a stale socket file, or a daemon that is going away. */
final class DaemonDown extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path socket;

    DaemonDown(Path socket, String reason) {
        super(reason, null, false, false);
        this.socket = socket;
    }

    Path socket() {
        return socket;
    }

    /** The line the user sees: where we looked and how to bring the supervisor up. */
    String userMessage() {
        return "the supervisor is not reachable at " + socket + (getMessage() == null ? "" : " (" + getMessage() + ")")
                + "; start it with: wire daemon --all-sessions";
    }
}
