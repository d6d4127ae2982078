package wire.supervisor;

import java.time.Duration;

/**
 * When to give back the memory a burst of RPC clients left behind: once, after the last
 * connection has been closed for {@link #QUIET}, and only when the burst grew the heap or opened
 * enough connections to be worth a full GC. Pure bookkeeping on numbers the caller reads (times
 * in {@link System#nanoTime()} nanos); the {@link Housekeeper} does the GC and the trim.
 *
 * <p>Why a full GC: a burst of 200 clients grows the serial collector's heap to its cap, and only
 * a full GC shrinks it; the connections' direct buffers are freed only when a GC has found them
 * unreachable. Nothing else would run one in an idle daemon, so without this a daemon stays
 * about 33 MiB bigger after a burst for good (docs/performance.md, "After a burst of clients").
 * Why not after every connection: a {@code wire supervisor list} a minute would cost a full GC
 * a minute for nothing to give back, so a burst must have grown the heap by {@link
 * #HEAP_GROWTH_BYTES} or opened {@link #CONNECTIONS} connections (32 KiB of direct buffers each)
 * since the last reclaim.
 */
final class AfterBurst {
    static final long NEVER = Long.MAX_VALUE;
    static final Duration QUIET = Duration.ofSeconds(5);
    static final long HEAP_GROWTH_BYTES = 4L << 20;
    static final long CONNECTIONS = 64;

    private long heapAfterLast;
    private long acceptedAtLast;
    private long deadline = NEVER;

    /** The heap committed and connections accepted when the daemon started: the first baseline. */
    AfterBurst(long heapCommitted, long connectionsAccepted) {
        reclaimed(heapCommitted, connectionsAccepted);
    }

    /** The last open connection closed at {@code now}: the quiet period starts (again). */
    void allClosed(long now) {
        deadline = now + QUIET.toNanos();
    }

    /** When {@link #due} has something to decide; {@link #NEVER} while no burst has ended. */
    long deadline() {
        return deadline;
    }

    /**
     * At {@code now}: true when a reclaim should run now (then call {@link #reclaimed}). Clears the
     * deadline once it has passed, whatever the answer: a connection open again will end and set
     * it anew.
     */
    boolean due(long now, int openConnections, long heapCommitted, long connectionsAccepted) {
        if (deadline == NEVER || now - deadline < 0) {
            return false;
        }
        deadline = NEVER;
        return openConnections == 0
                && (heapCommitted - heapAfterLast >= HEAP_GROWTH_BYTES || connectionsAccepted - acceptedAtLast >= CONNECTIONS);
    }

    /** A reclaim ran: what it left is the baseline the next burst is measured against. */
    void reclaimed(long heapCommitted, long connectionsAccepted) {
        heapAfterLast = heapCommitted;
        acceptedAtLast = connectionsAccepted;
    }
}
