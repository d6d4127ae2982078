package wire.protocol;

import java.util.Objects;

/** Params of {@code cancel}: the stream to end. */
public record CancelParams(String subscription) {
    public CancelParams {
        Objects.requireNonNull(subscription, "subscription");
    }
}
