package wire.protocol;

import java.util.Objects;

/** Params of the {@code log_end} notification: the last message of a {@code logs} stream. */
public record LogEnd(String subscription, Reason reason) {
    public LogEnd {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(reason, "reason");
    }

    /** Why a {@code logs} stream ended. */
    public enum Reason implements WireEnum {
        /** The tail was sent and {@code follow} was false. */
        COMPLETE("complete"),
        CANCELLED("cancelled"),
        SESSION_REMOVED("session_removed"),
        SHUTDOWN("shutdown");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }
    }
}
