package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import wire.protocol.Json;
import wire.protocol.Notification;
import wire.protocol.Response;
import wire.protocol.RpcError;

/**
 * A daemon in memory: answers each method from a table, records every request and the socket it
 * was reached on, and plays back canned notifications for streams. {@link #down()} makes every
 * connection fail as if nothing listened.
 */
final class FakeDaemon implements DaemonConnector {
    record Sent(String method, JsonNode params) {}

    /** Answers one request; may have side effects (a stop that kills the recorded child). */
    @FunctionalInterface
    interface Answer {
        Response answer(JsonNode params) throws Exception;
    }

    final List<Sent> sent = new ArrayList<>();
    final List<Path> sockets = new ArrayList<>();
    private final Map<String, Answer> answers = new HashMap<>();
    private final Map<String, List<Notification>> streams = new HashMap<>();
    private boolean down;

    static FakeDaemon up() {
        return new FakeDaemon();
    }

    static FakeDaemon down() {
        FakeDaemon d = new FakeDaemon();
        d.down = true;
        return d;
    }

    FakeDaemon result(String method, String resultJson) {
        JsonNode result = json(resultJson);
        return answer(method, params -> Response.success(Json.mapper().valueToTree(1), result));
    }

    FakeDaemon error(String method, int code, String message, String dataJson) {
        RpcError error = new RpcError(code, message, dataJson == null ? null : json(dataJson));
        return answer(method, params -> Response.failure(Json.mapper().valueToTree(1), error));
    }

    FakeDaemon answer(String method, Answer answer) {
        answers.put(method, answer);
        return this;
    }

    FakeDaemon notifications(String method, Notification... notifications) {
        streams.put(method, List.of(notifications));
        return this;
    }

    static Notification notification(String method, String paramsJson) {
        return new Notification(method, json(paramsJson));
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    List<String> methods() {
        return sent.stream().map(Sent::method).toList();
    }

    @Override
    public DaemonClient connect(Path socket) throws DaemonDown {
        sockets.add(socket);
        if (down) {
            throw new DaemonDown(socket, "connection refused");
        }
        return new DaemonClient() {
            @Override
            public Response request(String method, JsonNode params) {
                sent.add(new Sent(method, params));
                Answer a = answers.get(method);
                if (a == null) {
                    return Response.failure(Json.mapper().valueToTree(1), new RpcError(-32601, "method not found: " + method, null));
                }
                try {
                    return a.answer(params);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void stream(String method, JsonNode params, StreamListener listener) {
                Response reply = request(method, params);
                if (!listener.onReply(reply) || reply.isError()) {
                    return;
                }
                for (Notification n : streams.getOrDefault(method, List.of())) {
                    if (!listener.onNotification(n) || n.method().endsWith("_end")) {
                        return;
                    }
                }
            }

            @Override
            public void close() {}
        };
    }
}
