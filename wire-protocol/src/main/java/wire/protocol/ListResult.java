package wire.protocol;

import java.util.List;

/** Result of {@code list}: every session, ineligible ones included, sorted by name (PROTOCOL.md, Methods). */
public record ListResult(SupervisorInfo supervisor, List<SessionStatus> sessions, List<Unmanaged> unmanaged) {
    public ListResult {
        sessions = List.copyOf(sessions);
        unmanaged = List.copyOf(unmanaged);
    }
}
