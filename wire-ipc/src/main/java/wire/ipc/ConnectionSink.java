package wire.ipc;

import java.time.Duration;

/** The {@link NotificationSink} of one connection, feeding its {@link OutboundQueue}. */
final class ConnectionSink implements NotificationSink {
    private final Connection connection;
    private final OutboundQueue queue;
    private final Duration finalWait;

    ConnectionSink(Connection connection, OutboundQueue queue, Duration finalWait) {
        this.connection = connection;
        this.queue = queue;
        this.finalWait = finalWait;
    }

    @Override
    public boolean offer(String method, Object params) {
        return connection.isOpen() && queue.offer(encode(method, params));
    }

    @Override
    public boolean offerFinal(String method, Object params) {
        if (!connection.isOpen()) {
            return false;
        }
        try {
            return queue.offerFinal(encode(method, params), finalWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public ConnectionContext connection() {
        return connection;
    }

    private static byte[] encode(String method, Object params) {
        return JsonRpcCodec.notificationLine(method, params);
    }
}
