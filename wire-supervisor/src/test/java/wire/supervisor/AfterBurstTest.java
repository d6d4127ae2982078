package wire.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AfterBurstTest {
    private static final long MIB = 1 << 20;
    private static final long QUIET = AfterBurst.QUIET.toNanos();
    private static final long HEAP = 8 * MIB;

    @Test
    void nothingIsPendingBeforeAnyConnectionEnded() {
        AfterBurst burst = new AfterBurst(HEAP, 0);
        assertEquals(AfterBurst.NEVER, burst.deadline());
        assertFalse(burst.due(Long.MAX_VALUE - 1, 0, 32 * MIB, 1000));
    }

    @Test
    void aBurstThatGrewTheHeapIsReclaimedOnceAfterTheQuietPeriod() {
        AfterBurst burst = new AfterBurst(HEAP, 0);
        burst.allClosed(1_000);
        assertEquals(1_000 + QUIET, burst.deadline());
        assertFalse(burst.due(1_000 + QUIET - 1, 0, 32 * MIB, 3), "still within the quiet period");
        assertTrue(burst.due(1_000 + QUIET, 0, 32 * MIB, 3));
        assertEquals(AfterBurst.NEVER, burst.deadline());
        burst.reclaimed(11 * MIB, 3);

        assertFalse(burst.due(1_000 + 2 * QUIET, 0, 11 * MIB, 3), "once per burst");
        burst.allClosed(5 * QUIET);
        assertFalse(burst.due(6 * QUIET, 0, 12 * MIB, 4), "a CLI call after it grew nothing worth a full GC");
    }

    @Test
    void manyConnectionsAreWorthAReclaimEvenIfTheHeapDidNotGrow() {
        AfterBurst burst = new AfterBurst(HEAP, 10);
        burst.allClosed(0);
        assertFalse(burst.due(QUIET, 0, HEAP, 10 + AfterBurst.CONNECTIONS - 1));
        burst.allClosed(QUIET);
        assertTrue(burst.due(2 * QUIET, 0, HEAP, 10 + AfterBurst.CONNECTIONS));
    }

    @Test
    void aConnectionEndingLaterRestartsTheQuietPeriod() {
        AfterBurst burst = new AfterBurst(HEAP, 0);
        burst.allClosed(0);
        burst.allClosed(QUIET / 2);
        assertFalse(burst.due(QUIET, 0, 32 * MIB, 200));
        assertTrue(burst.due(QUIET + QUIET / 2, 0, 32 * MIB, 200));
    }

    @Test
    void aConnectionOpenAgainCancelsUntilItEnds() {
        AfterBurst burst = new AfterBurst(HEAP, 0);
        burst.allClosed(0);
        assertFalse(burst.due(QUIET, 1, 32 * MIB, 200), "a client is connected again");
        assertEquals(AfterBurst.NEVER, burst.deadline(), "its closing sets the next deadline");
        burst.allClosed(2 * QUIET);
        assertTrue(burst.due(3 * QUIET, 0, 32 * MIB, 201));
    }
}
