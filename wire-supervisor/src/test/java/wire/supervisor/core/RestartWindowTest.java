package wire.supervisor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartWindowTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration MINUTE = Duration.ofSeconds(60);

    @Test
    void allowsExactlyMaxRestartsInsideTheWindow() {
        RestartWindow w = RestartWindow.empty();
        for (int i = 0; i < 3; i++) {
            assertTrue(w.allowsAnother(T0.plusSeconds(i), 3, MINUTE), "restart " + (i + 1));
            w = w.record(T0.plusSeconds(i), MINUTE);
        }
        assertFalse(w.allowsAnother(T0.plusSeconds(3), 3, MINUTE));
    }

    @Test
    void restartsOlderThanTheWindowNoLongerCount() {
        RestartWindow w = RestartWindow.empty().record(T0, MINUTE).record(T0.plusSeconds(30), MINUTE);
        assertEquals(2, w.countWithin(T0.plusSeconds(59), MINUTE));
        assertEquals(1, w.countWithin(T0.plusSeconds(60), MINUTE));
        assertTrue(w.allowsAnother(T0.plusSeconds(60), 2, MINUTE));
    }

    @Test
    void recordingDropsWhatLeftTheWindow() {
        RestartWindow w = RestartWindow.empty().record(T0, MINUTE).record(T0.plusSeconds(120), MINUTE);
        assertEquals(1, w.restarts().size());
    }

    @Test
    void zeroMaxRestartsAllowsNone() {
        assertFalse(RestartWindow.empty().allowsAnother(T0, 0, MINUTE));
    }
}
