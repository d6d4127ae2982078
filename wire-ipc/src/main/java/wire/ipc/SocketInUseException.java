package wire.ipc;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A live server already answers on the socket path. Thrown instead of taking the path over: one
 * daemon per socket, and a second one must leave the first alone (DESIGN.md, Singleton).
 */
public final class SocketInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path socket;

    public SocketInUseException(Path socket) {
        super("another server is listening on " + socket + "; a live socket is never taken over");
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }
}
