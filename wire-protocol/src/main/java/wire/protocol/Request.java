package wire.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Objects;

/**
 * A call that expects a reply. {@code id} is a string, number or JSON null node (never Java null);
 * {@code params} is an object node or Java null when the member was omitted.
 */
public record Request(JsonNode id, String method, JsonNode params) implements Message {
    public Request {
        Objects.requireNonNull(method, "method");
        id = id == null ? NullNode.getInstance() : id;
        if (!(id.isTextual() || id.isNumber() || id.isNull())) {
            throw new IllegalArgumentException("id must be a string, a number or null: " + id);
        }
    }
}
