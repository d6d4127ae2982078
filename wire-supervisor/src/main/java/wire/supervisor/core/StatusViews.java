package wire.supervisor.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BooleanSupplier;

/**
 * The sessions' {@link SessionView}s as the loop left them after its last event, so that
 * {@code status} and {@code list} are answered on the caller's thread instead of a round trip
 * through the loop's queue (two thread hand-offs per call).
 *
 * <h2>Why an answer from here is exact</h2>
 * A sequence number is odd from the moment the loop starts on an event that may change state (or
 * on a reconcile with work) until it has published the views of every session that event and its
 * reconcile looked at; a reader takes the views only while it is even and unchanged across the
 * read, and otherwise goes through the loop's queue as before. Every reply to a command is
 * completed while the number is odd, so a client that saw a command answered and then asks for a
 * status finds either the number still odd (and waits its turn in the queue, behind that command's
 * reconcile) or the views published after it. A {@code list} is one consistent moment: no view
 * changed during the read. After a shutdown began, everything goes through the loop.
 *
 * <p>One writer (the loop thread), any number of readers.
 */
final class StatusViews {
    private final Map<String, SessionView> views = new ConcurrentSkipListMap<>(); // sorted, as list() answers
    private volatile long sequence; // odd while the loop changes state; written by the loop thread only
    private volatile boolean closed;

    // ---- the loop thread ----

    /** State is about to change: readers go through the queue until {@link #endChange}. */
    void beginChange() {
        long s = sequence;
        if ((s & 1) == 0) {
            sequence = s + 1;
        }
    }

    boolean changing() {
        return (sequence & 1) != 0;
    }

    void publish(SessionView view) {
        views.put(view.name(), view);
    }

    /** A session removed from the registry (answered as not found) or forgotten. */
    void withdraw(String name) {
        views.remove(name);
    }

    /** Everything changed since {@link #beginChange} is published. */
    void endChange() {
        long s = sequence;
        if ((s & 1) != 0) {
            sequence = s + 1;
        }
    }

    /** From now on every read goes through the loop (a shutdown began). */
    void close() {
        closed = true;
        beginChange();
    }

    // ---- any thread ----

    /**
     * The view of {@code name} as of the loop's last settled state, or null when the caller must ask
     * the loop: it is changing state, has events waiting ({@code idle} is false), is shutting
     * down, or does not know the name (the loop then says why).
     */
    SessionView current(String name, BooleanSupplier idle) {
        long s = sequence;
        if ((s & 1) != 0 || closed || !idle.getAsBoolean()) {
            return null;
        }
        SessionView v = views.get(name);
        return sequence == s ? v : null;
    }

    /** Every view, sorted by name, as of one settled state; null when the caller must ask the loop. */
    List<SessionView> all(BooleanSupplier idle) {
        long s = sequence;
        if ((s & 1) != 0 || closed || !idle.getAsBoolean()) {
            return null;
        }
        List<SessionView> out = new ArrayList<>(views.values());
        return sequence == s ? out : null;
    }
}
