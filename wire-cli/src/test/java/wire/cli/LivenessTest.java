package wire.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LivenessTest {
    @Test
    void thisProcessIsAlive() {
        assertTrue(Liveness.alive(ProcessHandle.current().pid()));
    }

    @Test
    void aPidBeyondPidMaxAndNonPositivePidsAreDead() {
        assertFalse(Liveness.alive(DaemonDownTest.DEAD_PID));
        assertFalse(Liveness.alive(0));
        assertFalse(Liveness.alive(-1));
    }
}
