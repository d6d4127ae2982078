package wire.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One JSON-RPC 2.0 message (https://www.jsonrpc.org/specification).
 *
 * <p>{@code id} is kept as a {@link JsonNode} because the specification allows a string, a
 * number or null, and a reply must echo it back exactly as it came.
 */
public sealed interface Message permits Request, Notification, Response {

    String JSONRPC_VERSION = "2.0";
}
