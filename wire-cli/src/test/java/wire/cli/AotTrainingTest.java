package wire.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The AOT caches' training workloads really run what they are meant to record. */
class AotTrainingTest {
    @Test
    void everyLeanTrainingCallTakesTheFastPath() throws IOException {
        assertTrue(AotTraining.run());
    }

    @Test
    void everyFullTrainingCallEndsWithItsExitCode() throws IOException {
        assertTrue(AotTraining.runFull());
    }
}
