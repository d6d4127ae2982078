package wire.supervisor.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The automatic restarts of one session inside the sliding window (DESIGN.md, "Restart policy"):
 * at most {@code max_restarts} within any {@code restart_window_seconds}, so at most
 * 1 + max_restarts spawns. Immutable; only restarts still inside the window are kept.
 */
record RestartWindow(List<Instant> restarts) {
    RestartWindow {
        restarts = List.copyOf(restarts);
    }

    static RestartWindow empty() {
        return new RestartWindow(List.of());
    }

    /** Automatic restarts in {@code (now - window, now]}. */
    int countWithin(Instant now, Duration window) {
        Instant from = now.minus(window);
        return (int) restarts.stream().filter(t -> t.isAfter(from) && !t.isAfter(now)).count();
    }

    boolean allowsAnother(Instant now, int maxRestarts, Duration window) {
        return countWithin(now, window) < maxRestarts;
    }

    RestartWindow record(Instant now, Duration window) {
        Instant from = now.minus(window);
        List<Instant> kept = new ArrayList<>(restarts.stream().filter(t -> t.isAfter(from)).toList());
        kept.add(now);
        return new RestartWindow(kept);
    }
}
