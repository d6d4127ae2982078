package wire.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/** The reply to a {@link Request}: exactly one of {@code result} and {@code error} is set. */
public record Response(JsonNode id, JsonNode result, RpcError error) implements Message {
    public Response {
        id = id == null ? NullNode.getInstance() : id;
        if ((result == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of result and error must be set");
        }
    }

    public static Response success(JsonNode id, JsonNode result) {
        return new Response(id, result == null ? NullNode.getInstance() : result, null);
    }

    public static Response failure(JsonNode id, RpcError error) {
        return new Response(id, null, error);
    }

    /** Not a JSON member: Jackson would otherwise write it as {@code "error": false} over the real one. */
    @JsonIgnore
    public boolean isError() {
        return error != null;
    }
}
