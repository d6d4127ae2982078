package wire.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One request as the handler sees it.
 *
 * @param params an object node, or null when the request had no {@code params} member
 *     (by-position arrays never get here: the server refuses them with -32602)
 * @param notification true when the request had no id, so its result is thrown away
 * @param connection the client connection it came from
 */
public record Call(String method, JsonNode params, boolean notification, ConnectionContext connection) {
    public Call {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(connection, "connection");
    }
}
