package wire.protocol;

import java.util.Objects;

/** Params of {@code start}: a {@link Target} other than stale. Read and write with {@link Params}. */
public record StartParams(Target target) {
    public StartParams {
        Objects.requireNonNull(target, "target");
        if (target instanceof Target.Stale) {
            throw new IllegalArgumentException("stale is a target of restart only");
        }
    }
}
