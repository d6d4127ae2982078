package wire.supervisor.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which unbound sessions the supervisor starts on its own (DESIGN.md, "Idle filter"). A machine
 * collects many session homes that nobody uses any more; starting a daemon for each is a fork
 * storm, so an unbound session must have been active recently. Bound sessions (with a cwd) were
 * attached on purpose and are always eligible. Pure: the caller reads the clock and the files.
 */
public final class IdleFilter {
    public static final String ENV_MAX_IDLE_DAYS = "WIRE_ALL_SESSIONS_MAX_IDLE_DAYS";
    public static final long DEFAULT_MAX_IDLE_DAYS = 7;

    private final long maxIdleDays;

    private IdleFilter(long maxIdleDays) {
        this.maxIdleDays = maxIdleDays;
    }

    /** From the variable's raw value: unset or garbage → 7 days, {@code 0} → no filter. */
    public static IdleFilter fromEnv(String raw) {
        if (raw == null) {
            return new IdleFilter(DEFAULT_MAX_IDLE_DAYS);
        }
        try {
            long days = Long.parseLong(raw.trim());
            return new IdleFilter(days < 0 ? DEFAULT_MAX_IDLE_DAYS : days);
        } catch (NumberFormatException e) {
            return new IdleFilter(DEFAULT_MAX_IDLE_DAYS);
        }
    }

    /** 0 means the filter is off. */
    public long maxIdleDays() {
        return maxIdleDays;
    }

    /**
     * Why the session may not start on its own, or empty when it may.
     *
     * @param lastActive newest mtime of the session's activity files, empty when there are none
     */
    public Optional<String> ineligibleReason(boolean bound, Optional<Instant> lastActive, Instant now) {
        if (bound || maxIdleDays == 0) {
            return Optional.empty();
        }
        if (lastActive.isEmpty()) {
            return Optional.of("unbound and never active (no last_sync.json, notify.cursor or reactor.cursor)");
        }
        Duration idle = Duration.between(lastActive.get(), now);
        if (idle.isNegative() || idle.compareTo(Duration.ofDays(maxIdleDays)) <= 0) {
            return Optional.empty();
        }
        return Optional.of("unbound and idle for " + idle.toDays() + " days (limit " + maxIdleDays + ", set "
                + ENV_MAX_IDLE_DAYS + " to change, 0 to disable)");
    }
}
