package wire.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Thrown by method handlers (server side) and by the client when a reply carries an error. The
 * server turns it into the reply's {@code error} member as it is; nothing else reaches the wire.
 */
public final class RpcException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final transient JsonNode data;

    public RpcException(ErrorCode code, String message, JsonNode data) {
        this(code.code(), message, data);
    }

    public RpcException(int code, String message, JsonNode data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    public RpcException(RpcError error) {
        this(error.code(), error.message(), error.data());
    }

    /** {@code -32602} with {@code data.field} naming the offending parameter. */
    public static RpcException invalidParams(String field, String message) {
        ObjectNode data = Json.mapper().createObjectNode().put("field", field);
        return new RpcException(ErrorCode.INVALID_PARAMS, message, data);
    }

    public int code() {
        return code;
    }

    public JsonNode data() {
        return data;
    }

    public RpcError toError() {
        return new RpcError(code, getMessage(), data);
    }
}
