package wire.ipc;

/**
 * Where a stream sends notifications to one client. Thread-safe; {@link #offer} never blocks, so
 * a client that does not read cannot stall the code that produces notifications.
 */
public interface NotificationSink {

    /**
     * Queues a notification ({@code params} serialised with {@code Json.mapper()}). Returns false
     * when the connection's outbound queue is full or the connection is closed: the notification
     * was dropped and the caller counts it (PROTOCOL.md, the {@code dropped} count).
     */
    boolean offer(String method, Object params);

    /**
     * Queues a notification that must not be lost (the end of a stream), waiting for room up to
     * a bound; false only when the connection is closed or the client never makes room.
     */
    boolean offerFinal(String method, Object params);

    boolean isOpen();

    ConnectionContext connection();
}
