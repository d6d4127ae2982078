package wire.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One session's outcome in a bulk answer: {@code {"session", "ok", "status"?, "error"?}}
 * (PROTOCOL.md, Targets). {@code status} and {@code error} are left out when absent, not null.
 */
public record BulkEntry(
        String session,
        boolean ok,
        @JsonInclude(JsonInclude.Include.NON_NULL) SessionStatus status,
        @JsonInclude(JsonInclude.Include.NON_NULL) RpcError error) {
    public BulkEntry {
        Objects.requireNonNull(session, "session");
        if (ok && error != null) {
            throw new IllegalArgumentException("a successful entry carries no error");
        }
        if (!ok && error == null) {
            throw new IllegalArgumentException("a failed entry carries its error");
        }
    }

    public static BulkEntry succeeded(SessionStatus status) {
        return new BulkEntry(status.name(), true, status, null);
    }

    /** A failure; {@code status} may be null when the session could not be looked at. */
    public static BulkEntry failed(String session, RpcError error, SessionStatus status) {
        return new BulkEntry(session, false, status, error);
    }
}
