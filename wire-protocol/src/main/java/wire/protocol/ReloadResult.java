package wire.protocol;

import java.util.List;

/**
 * Result of {@code reload}: the session names in each outcome (PROTOCOL.md, Methods). An invalid
 * session keeps its running child untouched (DESIGN.md, Registry).
 */
public record ReloadResult(
        List<String> added,
        List<String> removed,
        List<String> changed,
        List<String> unchanged,
        List<InvalidSession> invalid) {
    public ReloadResult {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        unchanged = List.copyOf(unchanged);
        invalid = List.copyOf(invalid);
    }
}
