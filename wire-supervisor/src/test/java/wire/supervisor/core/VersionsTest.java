package wire.supervisor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionsTest {

    @ParameterizedTest(name = "{0} older than {1}: {2}")
    @CsvSource(nullValues = "null", value = {
        "0.9.0, 0.10.0, true",      // numeric, not lexical
        "0.13.5, 0.14.1, true",
        "0.14.0, 0.14.1, true",
        "0.14.1, 0.14.1, false",
        "0.14.2, 0.14.1, false",
        "0.14, 0.14.1, true",       // a missing part is 0
        "0.14.1, 0.14, false",
        "0.14.0, 0.14, false",
        "0.14.2-rc.1, 0.14.2, false", // unparseable: never stale
        "garbage, 0.14.1, false",
        "0.14.1, garbage, false",
        "null, 1.0, false",
        "'', 1.0, false",
        "1..2, 1.3, false",
    })
    void dottedIntegerCompare(String child, String supervisor, boolean older) {
        assertEquals(older, Versions.older(child, supervisor));
    }
}
