package wire.supervisor.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdleFilterTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @ParameterizedTest(name = "raw {0} gives {1} days")
    @CsvSource(nullValues = "NULL", value = {
        "NULL, 7", "3, 3", "' 14 ', 14", "0, 0", "garbage, 7", "-4, 7", "'', 7", "1.5, 7"})
    void maxIdleDaysIsParsedWithDefaultForGarbage(String raw, long days) {
        assertEquals(days, IdleFilter.fromEnv(raw).maxIdleDays());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "NULL", value = {
        // case,                                   bound, limit, active (days ago; NULL = never), eligible
        "bound session is eligible however idle,   true,  7,     365,  true",
        "bound session without activity files,     true,  7,     NULL, true",
        "unbound recent session is eligible,       false, 7,     2,    true",
        "unbound session idle past the limit,      false, 7,     30,   false",
        "unbound session never active,             false, 7,     NULL, false",
        "zero disables the filter,                 false, 0,     NULL, true",
        "future mtime counts as active,            false, 7,     -3,   true",
        "exactly at the limit is still eligible,   false, 7,     7,    true"})
    void eligibilityFollowsTheDesignRules(String name, boolean bound, String limit, Long daysAgo, boolean eligible) {
        Optional<Instant> active = daysAgo == null ? Optional.empty()
                : Optional.of(NOW.minus(Duration.ofDays(daysAgo)));
        Optional<String> reason = IdleFilter.fromEnv(limit).ineligibleReason(bound, active, NOW);
        assertEquals(eligible, reason.isEmpty(), () -> name + ": " + reason);
    }
}
