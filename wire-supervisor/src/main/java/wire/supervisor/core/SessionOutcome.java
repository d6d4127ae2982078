package wire.supervisor.core;

import wire.protocol.RpcException;
import wire.protocol.SessionStatus;

/**
 * One session's result in a bulk operation (PROTOCOL.md, "Targets": {@code {"session", "ok",
 * "status"?, "error"?}}): exactly one of {@code status} and {@code error} is set.
 */
public record SessionOutcome(String session, SessionStatus status, RpcException error) {
    public SessionOutcome {
        if ((status == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of status and error");
        }
    }

    public boolean ok() {
        return error == null;
    }
}
