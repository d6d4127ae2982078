package wire.protocol;

import java.util.Objects;

/** Params of {@code status}: one session by name. */
public record SessionParams(String session) {
    public SessionParams {
        Objects.requireNonNull(session, "session");
    }
}
