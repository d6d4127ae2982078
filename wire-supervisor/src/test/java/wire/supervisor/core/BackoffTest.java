package wire.supervisor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    @ParameterizedTest(name = "rapid failure #{0} waits {1} s")
    @CsvSource({"1, 1", "2, 2", "3, 4", "4, 8", "5, 16", "6, 32", "7, 60", "8, 60", "20, 60", "100, 60"})
    void rapidFailuresDoubleTheDelayUpToSixtySeconds(int failures, long seconds) {
        Backoff b = Backoff.initial();
        for (int i = 0; i < failures; i++) {
            b = b.afterLife(Duration.ofSeconds(3));
        }
        assertEquals(Duration.ofSeconds(seconds), b.delay());
    }

    @ParameterizedTest(name = "a life of {0} ms is rapid: {1}")
    @CsvSource({"0, true", "9999, true", "10000, false", "600000, false"})
    void aLifeShorterThanTenSecondsIsRapid(long livedMillis, boolean rapid) {
        Backoff b = new Backoff(3).afterLife(Duration.ofMillis(livedMillis));
        assertEquals(rapid ? Duration.ofSeconds(8) : Duration.ZERO, b.delay());
    }

    @Test
    void aLifeOfTenSecondsResetsTheSequence() {
        Backoff b = new Backoff(6).afterLife(Duration.ofSeconds(10));
        assertEquals(Duration.ZERO, b.delay());
        assertEquals(Duration.ofSeconds(1), b.afterLife(Duration.ofSeconds(1)).delay());
    }

    @Test
    void spawnFailureCountsAsRapidFailure() {
        assertEquals(Duration.ofSeconds(1), Backoff.initial().afterSpawnFailure().delay());
        assertEquals(Duration.ofSeconds(4), new Backoff(2).afterSpawnFailure().delay());
    }

    @Test
    void unknownLifetimeIsNotEvidenceOfACrashLoop() {
        assertEquals(Duration.ZERO, new Backoff(4).afterLife(null).delay());
    }

    @Test
    void theCountSaturatesInsteadOfGrowingForever() {
        Backoff b = Backoff.initial();
        for (int i = 0; i < 1000; i++) {
            b = b.afterSpawnFailure();
        }
        assertEquals(Duration.ofSeconds(60), b.delay());
        assertEquals(32, b.rapidFailures());
    }
}
