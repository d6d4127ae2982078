package wire.protocol;

import java.util.Objects;

/** Params of {@code restart}: any {@link Target}, stale included. Read and write with {@link Params}. */
public record RestartParams(@Params.AllowStale Target target) {
    public RestartParams {
        Objects.requireNonNull(target, "target");
    }
}
