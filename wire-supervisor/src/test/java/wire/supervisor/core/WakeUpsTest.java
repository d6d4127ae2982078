package wire.supervisor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WakeUpsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final WakeUps wakeUps = new WakeUps();

    @Test
    void nothingWaitingHasNoEarliestAndNothingDue() {
        assertNull(wakeUps.earliest());
        assertEquals(List.of(), wakeUps.takeDue(T0.plusSeconds(3600)));
    }

    @Test
    void aSessionKeepsItsEarliestWakeUp() {
        wakeUps.noLaterThan("a", T0.plusSeconds(10));
        wakeUps.noLaterThan("a", T0.plusSeconds(20));
        assertEquals(T0.plusSeconds(10), wakeUps.earliest());
        wakeUps.noLaterThan("a", T0.plusSeconds(5));
        assertEquals(T0.plusSeconds(5), wakeUps.earliest());
        assertEquals(List.of("a"), wakeUps.takeDue(T0.plusSeconds(60)), "one wake-up per session");
    }

    @Test
    void dueSessionsComeEarliestFirstAndOnlyOnce() {
        wakeUps.noLaterThan("late", T0.plusSeconds(30));
        wakeUps.noLaterThan("b", T0.plusSeconds(2));
        wakeUps.noLaterThan("a", T0.plusSeconds(1));
        wakeUps.noLaterThan("now", T0);

        assertEquals(List.of("now", "a", "b"), wakeUps.takeDue(T0.plusSeconds(2)));
        assertEquals(List.of(), wakeUps.takeDue(T0.plusSeconds(2)));
        assertEquals(T0.plusSeconds(30), wakeUps.earliest());
    }

    @Test
    void aClearedSessionNoLongerWakes() {
        wakeUps.noLaterThan("a", T0.plusSeconds(1));
        wakeUps.noLaterThan("b", T0.plusSeconds(2));
        wakeUps.clear("a");
        wakeUps.clear("gone");
        assertEquals(T0.plusSeconds(2), wakeUps.earliest());
        assertEquals(List.of("b"), wakeUps.takeDue(T0.plusSeconds(5)));
        wakeUps.noLaterThan("a", T0.plusSeconds(9));
        assertEquals(T0.plusSeconds(9), wakeUps.earliest(), "a later wake-up after a clear is taken");
    }
}
