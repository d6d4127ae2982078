package wire.supervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcStatTest {
    /** 52 fields as a 6.x kernel writes them, with pgrp 4100, session 4100 and start time 987654. */
    private static String stat(String comm) {
        return "4242 (" + comm + ") S 1 4100 4100 0 -1 4194560 96 0 0 0 0 0 0 0 20 0 1 0 987654 "
                + "8671232 229 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
    }

    @Test
    void readsGroupSessionAndStartTime() {
        assertEquals(Optional.of(new ProcStat('S', 4100, 4100, 987654)), ProcStat.parse(stat("sleep")));
    }

    @Test
    void commWithSpacesAndParenthesesDoesNotShiftFields() {
        assertEquals(Optional.of(new ProcStat('S', 4100, 4100, 987654)), ProcStat.parse(stat("a) S 9 9 9 (b")));
        assertEquals(Optional.of(new ProcStat('S', 4100, 4100, 987654)), ProcStat.parse(stat(") )")));
        assertEquals(Optional.of(new ProcStat('S', 4100, 4100, 987654)), ProcStat.parse(stat("")));
    }

    @Test
    void zombieAndDeadStatesCountAsExited() {
        assertTrue(ProcStat.parse(stat("x").replace(") S ", ") Z ")).orElseThrow().exited());
        assertTrue(ProcStat.parse(stat("x").replace(") S ", ") X ")).orElseThrow().exited());
        assertFalse(ProcStat.parse(stat("x")).orElseThrow().exited());
    }

    @Test
    void truncatedOrGarbageIsEmpty() {
        assertTrue(ProcStat.parse("").isEmpty());
        assertTrue(ProcStat.parse("4242 (sleep S 1 4100").isEmpty());
        assertTrue(ProcStat.parse("4242 (sleep) S 1 4100 4100 0").isEmpty());
        assertTrue(ProcStat.parse(stat("x").replace("987654", "soon")).isEmpty());
    }

    @Test
    void readsTheLiveStatOfThisProcess() {
        ProcStat self = ProcFs.stat(ProcessHandle.current().pid()).orElseThrow();
        assertTrue(self.startTime() > 0);
        assertTrue(self.processGroup() > 0);
    }
}
