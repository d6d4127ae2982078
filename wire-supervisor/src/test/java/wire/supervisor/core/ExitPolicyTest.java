package wire.supervisor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import wire.protocol.RestartPolicy;

class ExitPolicyTest {

    @ParameterizedTest(name = "{0} with code {1} restarts: {2}")
    @CsvSource(nullValues = "null", value = {
        "ALWAYS, 0, true",
        "ALWAYS, 1, true",
        "ALWAYS, null, true",
        "ON_FAILURE, 0, false",
        "ON_FAILURE, 1, true",
        "ON_FAILURE, 137, true",
        "ON_FAILURE, null, true",   // killed by a signal, or unknown (adopted/external): a failure
        "NEVER, 0, false",
        "NEVER, 1, false",
        "NEVER, null, false",
    })
    void policyDecidesWhetherAnEndedChildIsRestarted(RestartPolicy policy, Integer code, boolean restarts) {
        assertEquals(restarts, ExitPolicy.restarts(policy, code));
    }
}
