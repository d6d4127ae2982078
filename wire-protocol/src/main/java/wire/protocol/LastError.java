package wire.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * Why the last attempt to start a session's child failed ({@code SessionStatus.last_error}): the
 * operating system's message with the program and cwd ("spawn /nope: No such file or directory").
 * Cleared by the next successful spawn. An addition to PROTOCOL.md version 1: clients that ignore
 * unknown fields are unaffected.
 */
public record LastError(String message, Instant at) {
    public LastError {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }
}
