package wire.ipc;

import wire.protocol.RpcException;

/**
 * The daemon's side of the protocol: one call in, one result out. The server does all of
 * JSON-RPC (framing, ids, batches, notifications, standard errors); the handler only sees calls
 * whose envelope is valid.
 *
 * <p>Called on the connection's reader thread, one call at a time per connection (that is how
 * replies keep request order), and may block; other connections are not affected.
 */
@FunctionalInterface
public interface MethodHandler {

    /**
     * Returns the result, serialised with {@code Json.mapper()} (a {@code JsonNode}, a record, a
     * map, or null for JSON null), or a {@link StreamOpening} to start a notification stream
     * after the reply is written. Throws {@link RpcException} for an error reply; any other
     * exception becomes {@code -32603} with the details in the daemon log only.
     */
    Object handle(Call call) throws RpcException;
}
