package wire.ipc;

/**
 * The client connection a call came from, so a handler can tie a stream or a subscription to it.
 * Ids are unique for the life of the server.
 */
public interface ConnectionContext {
    long id();

    /** The peer's pid from SO_PEERCRED, or -1 when unknown. */
    long peerPid();

    /** Runs {@code action} once when the connection closes, or at once if it already has. */
    void onClose(Runnable action);
}
