package wire.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The AOT cache's training workload really runs the fast path: every call is served by it. */
class AotTrainingTest {
    @Test
    void everyTrainingCallTakesTheFastPath() throws IOException {
        assertTrue(AotTraining.run());
    }
}
