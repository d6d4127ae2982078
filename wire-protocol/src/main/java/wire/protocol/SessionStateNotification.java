package wire.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * Params of the {@code session_state} notification of a {@code subscribe} stream: one state change
 * and the session's status right after it.
 *
 * @param from the previous state, or null when the session just appeared
 */
public record SessionStateNotification(
        String subscription,
        String session,
        @Nullable SessionState from,
        SessionState to,
        Instant at,
        SessionStatus status) {
    public SessionStateNotification {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(status, "status");
    }
}
