package wire.ipc;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lines waiting to be written to one client, bounded in bytes so a client that does not read
 * costs the daemon a fixed amount of memory. Three ways in, by how much losing the line hurts:
 *
 * <ul>
 *   <li>{@link #put} (responses) waits for room: the connection's reader stops reading its client,
 *       which is the backpressure, and nothing else waits;
 *   <li>{@link #offer} (notifications) never waits and refuses past a smaller bound, so a stream
 *       cannot take the room responses need;
 *   <li>{@link #offerFinal} (end of a stream) waits up to a deadline.
 * </ul>
 *
 * A line is always admitted into an empty queue, however large, or nothing could ever be sent.
 * Each entry is charged a fixed overhead on top of its length, which also bounds the count of
 * tiny entries. Lock held only to move references, never during I/O.
 */
final class OutboundQueue {
    static final int ENTRY_OVERHEAD = 64;

    private final long maxBytes;
    private final long notificationBytes;
    private final int notificationCount;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition hasRoom = lock.newCondition();
    private final ArrayDeque<byte[]> lines = new ArrayDeque<>();
    private long bytes;
    /** No more lines accepted; the writer drains what is left. */
    private boolean finished;
    /** No more lines accepted and none delivered. */
    private boolean aborted;

    OutboundQueue(long maxBytes, long notificationBytes, int notificationCount) {
        this.maxBytes = maxBytes;
        this.notificationBytes = notificationBytes;
        this.notificationCount = notificationCount;
    }

    /** Queues a response, waiting for room. False when the queue no longer accepts lines. */
    boolean put(byte[] line) throws InterruptedException {
        lock.lock();
        try {
            while (accepting() && !fits(line, maxBytes)) {
                hasRoom.await();
            }
            return add(line);
        } finally {
            lock.unlock();
        }
    }

    /** Queues a notification if it fits under the notification bounds; never waits. */
    boolean offer(byte[] line) {
        lock.lock();
        try {
            if (!accepting() || lines.size() >= notificationCount || !fits(line, notificationBytes)) {
                return false;
            }
            return add(line);
        } finally {
            lock.unlock();
        }
    }

    /** Queues a line that must not be dropped, waiting up to {@code wait} for room. */
    boolean offerFinal(byte[] line, Duration wait) throws InterruptedException {
        long remaining = wait.toNanos();
        lock.lock();
        try {
            while (accepting() && !fits(line, maxBytes)) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = hasRoom.awaitNanos(remaining);
            }
            return add(line);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues the unwritten tail of a line whose head is already on the socket, ahead of every
     * queued line so nothing lands inside it, and whatever the bounds: it cannot be dropped or
     * wait behind the lines it must precede. False when the queue no longer accepts lines.
     */
    boolean putFirst(byte[] rest) {
        lock.lock();
        try {
            return add(rest, true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a line is queued, without taking it. False once the queue is finished and
     * drained, or aborted: the writer is done.
     */
    boolean awaitLine() throws InterruptedException {
        lock.lock();
        try {
            while (lines.isEmpty() && !finished && !aborted) {
                notEmpty.await();
            }
            return !aborted && !lines.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return lines.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** The next line if one is ready, else null. */
    byte[] poll() {
        lock.lock();
        try {
            return aborted ? null : remove();
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting lines; those already queued are still delivered. */
    void finish() {
        lock.lock();
        try {
            finished = true;
            notEmpty.signalAll();
            hasRoom.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting lines and drops the queued ones. */
    void abort() {
        lock.lock();
        try {
            aborted = true;
            lines.clear();
            bytes = 0;
            notEmpty.signalAll();
            hasRoom.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long queuedBytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    private boolean accepting() {
        return !finished && !aborted;
    }

    private boolean fits(byte[] line, long bound) {
        return lines.isEmpty() || bytes + cost(line) <= bound;
    }

    private boolean add(byte[] line) {
        return add(line, false);
    }

    private boolean add(byte[] line, boolean first) {
        if (!accepting()) {
            return false;
        }
        if (first) {
            lines.addFirst(line);
        } else {
            lines.addLast(line);
        }
        bytes += cost(line);
        notEmpty.signal();
        return true;
    }

    private byte[] remove() {
        byte[] line = lines.pollFirst();
        if (line != null) {
            bytes -= cost(line);
            hasRoom.signalAll();
        }
        return line;
    }

    private static long cost(byte[] line) {
        return (long) line.length + ENTRY_OVERHEAD;
    }
}
