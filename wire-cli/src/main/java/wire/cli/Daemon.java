package wire.cli;

import java.nio.file.Path;

/** How commands reach the supervisor: the socket they use and the two ways to connect. */
final class Daemon {
    private final DaemonConnector connector;
    private final Path socket;

    Daemon(DaemonConnector connector, Path socket) {
        this.connector = connector;
        this.socket = socket;
    }

    Path socket() {
        return socket;
    }

    /** For read-only commands: a daemon that is down is reported, never started. */
    DaemonClient connect() throws DaemonDown {
        return connector.connect(socket);
    }

    /**
     * For commands that change something ({@code start}, {@code stop}, {@code restart},
     * {@code reload}, {@code session rm --stop}). This is where autospawn goes (DESIGN.md, "CLI":
     * probe, clear a stale socket, spawn under {@code supervisor.spawn.lock}, wait with a budget,
     * remember a failed spawn, never from inside a child); until then it only connects.
     */
    DaemonClient connectForChange() throws DaemonDown {
        return connect();
    }
}
