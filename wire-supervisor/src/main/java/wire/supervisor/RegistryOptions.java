package wire.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the supervisor notices changes to the sessions on disk: the file watch, and the full rescan
 * behind it every {@code poll}. Passed on unchanged when the supervisor starts itself detached.
 *
 * @param poll the interval of the full rescan ({@code --registry-poll}); where the watch is
 *     incomplete the rescan runs at least every 10 s
 * @param watch false for {@code --no-registry-watch}: only the rescan, {@code reload} and SIGHUP
 *     see changes
 */
public record RegistryOptions(Duration poll, boolean watch) {
    /** The rescan every 300 s behind the watch: a change the watch sees is picked up at once. */
    public static final RegistryOptions DEFAULTS = new RegistryOptions(Duration.ofSeconds(300), true);

    public RegistryOptions {
        Objects.requireNonNull(poll, "poll");
        if (poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException("registry poll must be positive: " + poll);
        }
    }

    /** The {@code wire daemon --all-sessions} options that say this. */
    List<String> args() {
        List<String> args = new ArrayList<>(List.of("--registry-poll", Long.toString(Math.max(1, poll.toSeconds()))));
        if (!watch) {
            args.add("--no-registry-watch");
        }
        return args;
    }
}
