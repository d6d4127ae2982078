package wire.cli;

import java.io.IOException;
import java.nio.file.Path;

/** How commands reach the supervisor: the socket they use and the two ways to connect. */
final class Daemon {
    private final DaemonConnector connector;
    private final Path socket;
    private final Autospawn autospawn;

    Daemon(DaemonConnector connector, Path socket) {
        this(connector, socket, null);
    }

    /** @param autospawn how {@link #connectForChange} brings a daemon that is down up; null: never */
    Daemon(DaemonConnector connector, Path socket, Autospawn autospawn) {
        this.connector = connector;
        this.socket = socket;
        this.autospawn = autospawn;
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
     * {@code reload}, {@code session rm --stop}): a daemon that is down is brought up first
     * ({@link Autospawn}), unless that is off or impossible, which is reported as down.
     */
    DaemonClient connectForChange() throws DaemonDown, CliFailure, IOException, InterruptedException {
        try {
            return connect();
        } catch (DaemonDown down) {
            if (autospawn == null) {
                throw down;
            }
            return autospawn.bringUp(down);
        }
    }
}
