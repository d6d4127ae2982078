package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.nio.file.Path;
import wire.ipc.DaemonUnreachableException;
import wire.ipc.NotificationStream;
import wire.ipc.RpcClient;
import wire.protocol.Notification;
import wire.protocol.Response;
import wire.protocol.RpcException;

/** The real {@link DaemonClient}: wire-ipc's {@link RpcClient} on the supervisor's Unix socket. */
final class SocketDaemonClient implements DaemonClient {
    private final RpcClient client;

    private SocketDaemonClient(RpcClient client) {
        this.client = client;
    }

    static DaemonClient connect(Path socket) throws DaemonDown {
        try {
            return new SocketDaemonClient(RpcClient.connect(socket));
        } catch (DaemonUnreachableException e) {
            throw new DaemonDown(socket, switch (e.reason()) {
                case MISSING -> "no socket file";
                case REFUSED -> "a stale socket file with nothing listening";
                case OTHER -> e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            });
        }
    }

    @Override
    public Response request(String method, JsonNode params) throws IOException {
        return client.request(method, params);
    }

    /**
     * The ipc client keeps the opening reply's id to itself, so the reply handed on carries a null
     * id; the listener only needs its result or error.
     */
    @Override
    public void stream(String method, JsonNode params, StreamListener listener) throws IOException, InterruptedException {
        NotificationStream stream;
        try {
            stream = client.stream(method, params);
        } catch (RpcException e) {
            listener.onReply(Response.failure(NullNode.getInstance(), e.toError()));
            return;
        }
        try (stream) {
            if (!listener.onReply(Response.success(NullNode.getInstance(), stream.result()))) {
                return;
            }
            for (Notification n = stream.next(); n != null; n = stream.next()) {
                if (!listener.onNotification(n)) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
