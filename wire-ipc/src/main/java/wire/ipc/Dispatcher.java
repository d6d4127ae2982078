package wire.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import wire.protocol.ErrorCode;
import wire.protocol.Json;
import wire.protocol.Notification;
import wire.protocol.Request;
import wire.protocol.Response;
import wire.protocol.RpcError;
import wire.protocol.RpcException;

/**
 * JSON-RPC 2.0 semantics for one incoming line: which calls reach the handler, which replies go
 * back, and which streams start once those replies are queued
 * (https://www.jsonrpc.org/specification). No threads and no I/O: {@link Connection} queues
 * {@link Reply#line} and only then starts {@link Reply#streams}.
 */
final class Dispatcher {

    /**
     * What to send back for one line: the reply line, or null when nothing is answered (a
     * notification, or a batch of them), and the streams to start after it is queued.
     */
    record Reply(byte[] line, List<StreamOpening> streams) {
        static final Reply NONE = new Reply(null, List.of());
    }

    /** One element's outcome: its response as JSON without a newline, null for a notification. */
    private record Outcome(byte[] response, StreamOpening stream) {
        static final Outcome NONE = new Outcome(null, null);
    }

    static final RpcError INTERNAL_ERROR = RpcError.of(ErrorCode.INTERNAL_ERROR, "Internal error", null);

    private final MethodHandler handler;
    private final int maxLineBytes;
    private final Logger log;

    Dispatcher(MethodHandler handler, int maxLineBytes, Logger log) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.maxLineBytes = maxLineBytes;
        this.log = Objects.requireNonNull(log, "log");
    }

    Reply dispatch(LineReader.Line line, ConnectionContext connection) {
        return switch (line) {
            case LineReader.Oversize o -> {
                log.debug("connection {}: line of {} bytes over the {} byte limit", connection.id(), o.length(), maxLineBytes);
                yield single(Response.failure(NullNode.getInstance(), oversize()));
            }
            case LineReader.Data d -> dispatch(JsonRpcCodec.decode(d.bytes()), connection);
        };
    }

    private Reply dispatch(JsonRpcCodec.Decoded decoded, ConnectionContext connection) {
        return switch (decoded) {
            case JsonRpcCodec.Unparseable u -> single(Response.failure(NullNode.getInstance(), JsonRpcCodec.PARSE_ERROR));
            case JsonRpcCodec.Single s -> {
                Outcome outcome = handle(s.item(), connection);
                if (outcome.response() == null) {
                    yield Reply.NONE;
                }
                List<StreamOpening> streams = outcome.stream() == null ? List.of() : List.of(outcome.stream());
                yield new Reply(JsonRpcCodec.terminated(outcome.response()), streams);
            }
            case JsonRpcCodec.Batch b -> batch(b.items(), connection);
        };
    }

    /** Elements run in order; a batch of only notifications is answered with nothing at all. */
    private Reply batch(List<JsonRpcCodec.Item> items, ConnectionContext connection) {
        List<byte[]> responses = new ArrayList<>(items.size());
        List<StreamOpening> streams = new ArrayList<>();
        for (JsonRpcCodec.Item item : items) {
            Outcome outcome = handle(item, connection);
            if (outcome.response() != null) {
                responses.add(outcome.response());
            }
            if (outcome.stream() != null) {
                streams.add(outcome.stream());
            }
        }
        if (responses.isEmpty()) {
            return Reply.NONE;
        }
        return new Reply(JsonRpcCodec.batchLine(responses), List.copyOf(streams));
    }

    private Outcome handle(JsonRpcCodec.Item item, ConnectionContext connection) {
        return switch (item) {
            case JsonRpcCodec.Invalid i -> failed(i.id(), JsonRpcCodec.INVALID_REQUEST);
            case JsonRpcCodec.Valid v -> switch (v.message()) {
                case Request r -> call(r.id(), r.method(), r.params(), connection);
                case Notification n -> call(null, n.method(), n.params(), connection);
                case Response r -> throw new AssertionError("the codec never yields a response here");
            };
        };
    }

    /** {@code id} null means a notification: it runs, and whatever it yields is thrown away. */
    private Outcome call(JsonNode id, String method, JsonNode params, ConnectionContext connection) {
        boolean notification = id == null;
        try {
            if (params != null && params.isArray()) {
                throw RpcException.invalidParams("params", "params must be an object: every method takes named params");
            }
            Object result = handler.handle(new Call(method, params, notification, connection));
            if (notification) {
                return Outcome.NONE;
            }
            // Encoded here, inside the try: a result that cannot be serialised is the method's failure.
            if (result instanceof StreamOpening opening) {
                return new Outcome(JsonRpcCodec.successJson(id, opening.result()), opening);
            }
            return new Outcome(JsonRpcCodec.successJson(id, result), null);
        } catch (RpcException e) {
            return notification ? Outcome.NONE : failed(id, e.toError());
        } catch (RuntimeException | Error e) {
            // The client learns only that it failed; the details are for the daemon log.
            log.error("method {} failed on connection {}", method, connection.id(), e);
            return notification ? Outcome.NONE : failed(id, INTERNAL_ERROR);
        }
    }

    private static Outcome failed(JsonNode id, RpcError error) {
        return new Outcome(JsonRpcCodec.json(Response.failure(id, error)), null);
    }

    private RpcError oversize() {
        JsonNode data = Json.mapper().createObjectNode().put("limit_bytes", maxLineBytes);
        return RpcError.of(ErrorCode.INVALID_REQUEST, "Invalid Request: line longer than " + maxLineBytes + " bytes", data);
    }

    private static Reply single(Response response) {
        return new Reply(JsonRpcCodec.encode(response), List.of());
    }
}
