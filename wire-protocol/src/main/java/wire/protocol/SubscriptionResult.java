package wire.protocol;

import java.util.Objects;

/** Result of {@code logs} and {@code subscribe}: the id that tags every notification of the stream. */
public record SubscriptionResult(String subscription) {
    public SubscriptionResult {
        Objects.requireNonNull(subscription, "subscription");
    }
}
