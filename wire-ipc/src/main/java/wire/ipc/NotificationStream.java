package wire.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import wire.protocol.Notification;

/**
 * The client's end of a stream opened by {@link RpcClient#stream}: the result of the opening call,
 * then the stream's notifications in the order the daemon sent them, the end notification
 * ({@code log_end} or {@code subscription_end}) included. After the end, or when the connection
 * closes, {@link #next()} returns null.
 *
 * <p>Notifications are routed by their {@code params.subscription}, which must match the
 * {@code subscription} of the opening result; a result without one receives the notifications
 * that carry none. Meant for one consuming thread.
 */
public final class NotificationStream implements AutoCloseable {
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Runnable unregister;
    private volatile JsonNode result;
    private boolean consumedEnd;

    NotificationStream(Runnable unregister) {
        this.unregister = unregister;
    }

    /** The result of the call that opened the stream. */
    public JsonNode result() {
        return result;
    }

    /** The next notification, waiting for it; null once the stream has ended. */
    public Notification next() throws InterruptedException {
        if (consumedEnd) {
            return null;
        }
        return unwrap(queue.take());
    }

    /**
     * The next notification, waiting at most {@code timeout}; null once the stream has ended.
     *
     * @throws TimeoutException when nothing arrived in time
     */
    public Notification next(Duration timeout) throws InterruptedException, TimeoutException {
        if (consumedEnd) {
            return null;
        }
        Object item = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (item == null) {
            throw new TimeoutException("no notification within " + timeout);
        }
        return unwrap(item);
    }

    /** True once the end notification arrived or the connection closed (maybe not yet consumed). */
    public boolean isEnded() {
        return ended.get();
    }

    /** Stops delivering to this stream locally. It does not cancel it in the daemon: send {@code cancel}. */
    @Override
    public void close() {
        end();
        unregister.run();
    }

    void opened(JsonNode result) {
        this.result = result;
    }

    void deliver(Notification notification) {
        if (!ended.get()) {
            queue.add(notification);
        }
    }

    /** Delivers the end notification; the stream counts as ended before its consumer can see it. */
    void deliverLast(Notification last) {
        if (ended.compareAndSet(false, true)) {
            queue.add(last);
            queue.add(END);
        }
    }

    void end() {
        if (ended.compareAndSet(false, true)) {
            queue.add(END);
        }
    }

    private Notification unwrap(Object item) {
        if (item == END) {
            consumedEnd = true;
            return null;
        }
        return (Notification) item;
    }
}
