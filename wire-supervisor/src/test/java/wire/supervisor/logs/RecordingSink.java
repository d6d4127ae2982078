package wire.supervisor.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import wire.ipc.ConnectionContext;
import wire.ipc.NotificationSink;

/** A client that reads everything at once, or refuses once {@code capacity} notifications wait. */
final class RecordingSink implements NotificationSink {
    private static final AtomicLong IDS = new AtomicLong(1000);

    record Sent(String method, Object params) {}

    private final List<Sent> sent = new ArrayList<>();
    private final long id = IDS.incrementAndGet();
    private volatile int capacity = Integer.MAX_VALUE;
    private volatile boolean open = true;
    private int refused; // guarded by this

    synchronized int refused() {
        return refused;
    }

    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** From now on refuse offers past {@code n} held notifications (a client that stopped reading). */
    void capacity(int n) {
        capacity = n;
    }

    void close() {
        open = false;
    }

    @Override
    public synchronized boolean offer(String method, Object params) {
        if (!open || sent.size() >= capacity) {
            refused++;
            return false;
        }
        sent.add(new Sent(method, params));
        return true;
    }

    @Override
    public synchronized boolean offerFinal(String method, Object params) {
        if (!open) {
            return false;
        }
        sent.add(new Sent(method, params));
        return true;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public ConnectionContext connection() {
        return new ConnectionContext() {
            @Override
            public long id() {
                return id;
            }

            @Override
            public long peerPid() {
                return -1;
            }

            @Override
            public void onClose(Runnable action) {}
        };
    }
}
