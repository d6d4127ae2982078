package wire.supervisor.logs;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import wire.ipc.NotificationSink;
import wire.protocol.LogEnd;
import wire.protocol.LogNotification;
import wire.protocol.LogStream;
import wire.protocol.Methods;

/**
 * One {@code logs} call: its id, its client, and what it owes that client.
 *
 * <p>Lines are offered to the connection's bounded queue and never wait there, except during the
 * tail (below). A line the queue refuses is counted per stream; the next line that fits is
 * preceded by one {@code log} with {@code dropped} (PROTOCOL.md, the slow-reader rule), so a
 * client that stops reading costs the daemon its queue and nothing more, and slows no other
 * client. While a stream is dropping, the queue is tried again at most every {@link #RETRY_NANOS}.
 * The tail is history the client asked for by number, so its lines wait for room, up
 * to {@link #PATIENCE} without progress; after that the client counts as stuck and drops apply.
 *
 * <p>Thread safety: lines come from the tail thread and then the watcher thread; {@link #end}
 * from any thread. Offers happen under this object's monitor and after {@code end} none does, so
 * {@code log_end} is the last message of the stream.
 */
final class LogsStream {
    static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * After a refusal, lines are counted as dropped without trying the queue for this long: encoding
     * a notification only to have it refused would let one stuck client eat the watcher's time.
     */
    static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    final String id;
    final String session;
    final boolean follow;
    private volatile NotificationSink sink; // set once the reply is queued
    private final long connectionId;

    /** Past the tail: the watcher may feed this stream's cursors. */
    private volatile boolean live;
    private volatile boolean ending;
    private volatile boolean impatient;
    private boolean ended; // guarded by this
    private final long[] dropped = new long[2]; // by LogStream ordinal, guarded by this
    private final long[] refusedAt = new long[2]; // System.nanoTime() of the last refusal, guarded by this

    LogsStream(String id, String session, boolean follow, long connectionId) {
        this.id = id;
        this.session = session;
        this.follow = follow;
        this.connectionId = connectionId;
    }

    /** The client's sink, once the reply that opened the stream is queued. */
    void attach(NotificationSink sink) {
        this.sink = sink;
    }

    long connectionId() {
        return connectionId;
    }

    boolean live() {
        return live;
    }

    void goLive() {
        live = true;
    }

    /** True once the stream has ended or is ending, or its client went away. */
    boolean ended() {
        NotificationSink s = sink;
        return ending || s != null && !s.isOpen();
    }

    /** One line or piece read by a follower; dropped (and counted) if the client's queue is full. */
    void deliver(LogStream stream, String text, Instant at) {
        synchronized (this) {
            if (ended) {
                return;
            }
            offerCounting(stream, text, at);
        }
    }

    /** One line or piece of the tail: waits for room, within {@link #PATIENCE_NANOS} of no progress. */
    void deliverPatiently(LogStream stream, String text) {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (!impatient) {
            synchronized (this) {
                if (ended) {
                    return;
                }
                if (dropped[stream.ordinal()] == 0 && sink.offer(Methods.LOG,
                        LogNotification.line(id, session, stream, text, null))) {
                    return;
                }
            }
            if (ended() || System.nanoTime() - deadline > 0) {
                impatient = true;
                break;
            }
            LockSupport.parkNanos(200_000);
        }
        deliver(stream, text, null);
    }

    private void offerCounting(LogStream stream, String text, Instant at) {
        int i = stream.ordinal();
        if (dropped[i] > 0) {
            long now = System.nanoTime();
            if (now - refusedAt[i] < RETRY_NANOS) {
                dropped[i]++;
                return;
            }
            if (!sink.offer(Methods.LOG, LogNotification.dropped(id, session, stream, dropped[i], at))) {
                dropped[i]++;
                refusedAt[i] = now;
                return;
            }
            dropped[i] = 0;
        }
        if (!sink.offer(Methods.LOG, LogNotification.line(id, session, stream, text, at))) {
            dropped[i]++;
            refusedAt[i] = System.nanoTime();
        }
    }

    /** Ends the stream with {@code log_end}; false when it had ended already. */
    boolean end(LogEnd.Reason reason) {
        ending = true;
        synchronized (this) {
            if (ended) {
                return false;
            }
            ended = true;
        }
        sink.offerFinal(Methods.LOG_END, new LogEnd(id, reason));
        return true;
    }

    /** The client went away: end without a word. */
    void abandon() {
        ending = true;
        synchronized (this) {
            ended = true;
        }
    }
}
