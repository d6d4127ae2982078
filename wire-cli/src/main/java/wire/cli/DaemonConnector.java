package wire.cli;

import java.nio.file.Path;

/** Opens a {@link DaemonClient} on a socket: the seam between the commands and real sockets. */
@FunctionalInterface
interface DaemonConnector {
    DaemonClient connect(Path socket) throws DaemonDown;
}
