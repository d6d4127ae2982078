package wire.supervisor.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * When each session next wants the loop to look at it again without an event (a backoff that
 * ends, a stop's grace, a probe of a stop in progress): at most one time per session, the
 * earliest asked for since it was last looked at. The loop waits until {@link #earliest}, then
 * reconciles exactly the sessions {@link #takeDue} returns, so a session that waits costs nothing
 * when another one's event is handled. Loop thread only.
 */
final class WakeUps {
    private record WakeUp(Instant at, String name) {}

    private static final Comparator<WakeUp> ORDER = Comparator.comparing(WakeUp::at).thenComparing(WakeUp::name);

    private final NavigableSet<WakeUp> byTime = new TreeSet<>(ORDER);
    private final Map<String, Instant> byName = new HashMap<>();

    /** Wakes for {@code name} at {@code at}, unless it already wakes earlier. */
    void noLaterThan(String name, Instant at) {
        Instant current = byName.get(name);
        if (current != null && !at.isBefore(current)) {
            return;
        }
        if (current != null) {
            byTime.remove(new WakeUp(current, name));
        }
        byName.put(name, at);
        byTime.add(new WakeUp(at, name));
    }

    /** Forgets {@code name}'s wake-up: it is being looked at now, or it is gone. */
    void clear(String name) {
        Instant current = byName.remove(name);
        if (current != null) {
            byTime.remove(new WakeUp(current, name));
        }
    }

    /** The earliest wake-up of any session, null when none waits. */
    Instant earliest() {
        return byTime.isEmpty() ? null : byTime.first().at();
    }

    /** Removes and returns, earliest first, the sessions whose wake-up is at or before {@code now}. */
    List<String> takeDue(Instant now) {
        List<String> due = new ArrayList<>();
        while (!byTime.isEmpty() && !byTime.first().at().isAfter(now)) {
            WakeUp w = byTime.pollFirst();
            byName.remove(w.name());
            due.add(w.name());
        }
        return due;
    }
}
