package wire.supervisor.core;

import java.time.Duration;

/**
 * The restart delay of one session (DESIGN.md, "Restart policy"). A life shorter than
 * {@link #RAPID} is a rapid failure; the n-th rapid failure in a row waits 2^(n-1) seconds, capped
 * at {@link #MAX}. A longer life resets the count, and the restart after it happens at once. A
 * spawn failure counts as a rapid failure. Immutable.
 *
 * @param rapidFailures rapid failures in a row so far
 */
record Backoff(int rapidFailures) {
    static final Duration RAPID = Duration.ofSeconds(10);
    static final Duration INITIAL = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(60);

    Backoff {
        if (rapidFailures < 0) {
            throw new IllegalArgumentException("rapidFailures < 0: " + rapidFailures);
        }
    }

    static Backoff initial() {
        return new Backoff(0);
    }

    /** The backoff after a child lived {@code lived}; null (not known) is not evidence of a crash loop. */
    Backoff afterLife(Duration lived) {
        boolean rapid = lived != null && lived.compareTo(RAPID) < 0;
        return rapid ? afterSpawnFailure() : initial();
    }

    Backoff afterSpawnFailure() {
        // Saturate: past 60 s the count no longer changes the delay, so it need not grow forever.
        return new Backoff(Math.min(rapidFailures + 1, 32));
    }

    /** How long to wait before the next start. */
    Duration delay() {
        if (rapidFailures == 0) {
            return Duration.ZERO;
        }
        int shift = Math.min(rapidFailures - 1, 6); // 2^6 s = 64 s, already past MAX
        Duration d = INITIAL.multipliedBy(1L << shift);
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
