package wire.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One problem in a {@code session.json}, located by a JSON path ({@code $}, {@code $.env.WIRE_HOME},
 * {@code $.command[2]}). Written as {@code {"file"?, "path", "message"}}: it is an entry of
 * {@code data.errors} of {@code -32003 invalid_config} and of {@code reload}'s {@code invalid}
 * (PROTOCOL.md). {@code file} is left out when the caller already says which file it is.
 */
public record ConfigProblem(@JsonInclude(JsonInclude.Include.NON_NULL) String file, String path, String message) {
    public ConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file: path: message}, or {@code path: message} without a file; one line. */
    @Override
    public String toString() {
        return (file == null ? "" : file + ": ") + path + ": " + message;
    }
}
