package wire.protocol;

import java.util.List;

/** Result of {@code shutdown}: the sessions being stopped (empty unless {@code stop_sessions}). */
public record ShutdownResult(List<String> stopping) {
    public ShutdownResult {
        stopping = List.copyOf(stopping);
    }
}
