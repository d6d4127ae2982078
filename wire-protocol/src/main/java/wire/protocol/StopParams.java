package wire.protocol;

import java.util.Objects;

/**
 * Params of {@code stop}: a {@link Target} other than stale and an optional grace that overrides
 * the session's {@code stop_grace_seconds}. Read and write with {@link Params}.
 *
 * @param graceSeconds seconds between the stop signal and SIGKILL, or null for the session's own
 */
public record StopParams(
        Target target, @Params.Default("null") @Params.Min(0) Long graceSeconds) {
    public StopParams {
        Objects.requireNonNull(target, "target");
        if (target instanceof Target.Stale) {
            throw new IllegalArgumentException("stale is a target of restart only");
        }
        if (graceSeconds != null && graceSeconds < 0) {
            throw new IllegalArgumentException("grace_seconds must be at least 0, got " + graceSeconds);
        }
    }
}
