package wire.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The {@code error} member of a response. {@code data} is null when there is nothing to add; a
 * JSON {@code "data": null} read back is the same Java null, so errors compare equal after a trip.
 */
public record RpcError(int code, String message, JsonNode data) {
    public RpcError {
        Objects.requireNonNull(message, "message");
        data = data == null || data.isNull() ? null : data;
    }

    public static RpcError of(ErrorCode code, String message, JsonNode data) {
        return new RpcError(code.code(), message, data);
    }
}
