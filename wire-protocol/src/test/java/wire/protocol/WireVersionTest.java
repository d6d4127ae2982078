package wire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WireVersionTest {
    @Test
    void currentVersionComesFromTheBuild() {
        assertTrue(WireVersion.current().matches("\\d+\\.\\d+\\.\\d+.*"), WireVersion.current());
    }

    @ParameterizedTest(name = "{0} older than {1}: {2}")
    @CsvSource(nullValues = "null", value = {
        "0.9.0, 0.10.0, true",
        "null, 1.0, false",
        "1.0, null, false",
        "1.2.3.4, 1.2.3.5, true",
        "0.13.5, 0.14.1, true",
        "0.14, 0.14.1, true",
        "0.14.1, 0.14.1, false",
        "0.14.2, 0.14.1, false",
        "0.14.1, 0.14, false",
        "0.14.2-rc.1, 0.14.2, false",
        "garbage, 0.14.1, false",
        "0.14.1, garbage, false",
        "'', 1.0, false"})
    void dottedIntegersCompareNumericallyAndGarbageIsNeverOlder(String a, String b, boolean older) {
        assertEquals(older, WireVersion.isOlder(a, b));
    }
}
