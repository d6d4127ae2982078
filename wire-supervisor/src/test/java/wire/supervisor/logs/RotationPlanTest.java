package wire.supervisor.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RotationPlanTest {
    @ParameterizedTest(name = "size {0}, block {1} -> collapse {2}")
    @CsvSource({
            "10000, 4096, 8192",
            "8193, 4096, 8192",
            "8192, 4096, 4096", // never the whole file: the range may not reach its end
            "4097, 4096, 4096",
            "4096, 4096, 0",
            "100, 4096, 0",
            "0, 4096, 0",
    })
    void collapseIsTheLargestBlockMultipleBelowTheSize(long size, long block, long collapse) {
        assertEquals(collapse, RotationPlan.collapseLength(size, block));
    }

    @ParameterizedTest(name = "collapse {0}, last newline {1}, part {2}, max {3} -> line end {4}")
    @CsvSource({
            "8192, 8000, 0, 65536, 8001", // .1 gets whole lines, 191 bytes carried
            "8192, 8191, 0, 65536, 8192", // the cut falls right after a newline: nothing carried
            "8192, -1, 0, 65536, 0", // no newline yet: everything carried
            "8192, -1, 60000, 65536, 8192", // the carried line would outgrow a file: cut it
            "8192, 100, 0, 4096, 8192",
    })
    void cutKeepsLinesWholeUnlessALineOutgrowsAFile(long collapse, long lastNewline, long part, long max,
            long lineEnd) {
        RotationPlan plan = RotationPlan.cut(collapse, lastNewline, part, max);
        assertEquals(lineEnd, plan.lineEnd());
        assertEquals(collapse - lineEnd, plan.carried());
    }

    @Test
    void aNewlineAtOrPastTheCutIsABug() {
        assertThrows(IllegalArgumentException.class, () -> RotationPlan.cut(4096, 4096, 0, 8192));
    }
}
