package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import wire.protocol.Notification;
import wire.protocol.Response;
import wire.protocol.RpcException;

/**
 * One open connection to the supervisor, as the commands use it. The real one wraps the ipc
 * client ({@link SocketDaemonClient}); tests substitute a fake that answers from a table.
 */
interface DaemonClient extends AutoCloseable {

    /** Sends one request and returns the whole reply, error replies included. */
    Response request(String method, JsonNode params) throws IOException;

    /** Sends one request and returns its {@code result}; an error reply is thrown. */
    default JsonNode call(String method, JsonNode params) throws IOException, RpcException {
        Response reply = request(method, params);
        if (reply.isError()) {
            throw new RpcException(reply.error());
        }
        return reply.result();
    }

    /**
     * Opens a notification stream ({@code logs}, {@code subscribe}): hands the reply to the
     * listener, then each notification until the listener returns false, the stream's end
     * notification has been delivered, or the connection ends. Returns at once after an error
     * reply. Blocks the calling thread.
     */
    void stream(String method, JsonNode params, StreamListener listener) throws IOException, InterruptedException;

    @Override
    void close();

    /** Receives one stream, on the thread that called {@link #stream}. */
    interface StreamListener {
        /** Returns false to read no notifications (an error, or a reply that opened no stream). */
        boolean onReply(Response reply);

        /** Returns false to stop reading (the stream's end notification has arrived). */
        boolean onNotification(Notification notification);
    }
}
