package wire.protocol;

import java.util.Objects;

/** Params of the {@code subscription_end} notification: the last message of a {@code subscribe} stream. */
public record SubscriptionEnd(String subscription, Reason reason) {
    public SubscriptionEnd {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(reason, "reason");
    }

    /** Why a {@code subscribe} stream ended. */
    public enum Reason implements WireEnum {
        CANCELLED("cancelled"),
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
