package wire.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import wire.protocol.ErrorCode;
import wire.protocol.Json;
import wire.protocol.RpcException;

/**
 * The methods the server tests call: the JSON-RPC specification's examples with named params,
 * and a few that exercise the server (echo, sleep, block, boom, stream, hold, flood, watch_close).
 */
final class TestHandler implements MethodHandler {
    /** Every call in the order the handler saw it. */
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger closeActionsRun = new AtomicInteger();
    final List<NotificationSink> sinks = new CopyOnWriteArrayList<>();
    /** For {@code flood}: how many offers were accepted before the first refusal. */
    final AtomicLong floodAccepted = new AtomicLong(-1);
    /** Released to let {@code block} calls return. */
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public Object handle(Call call) throws RpcException {
        calls.add(call);
        JsonNode p = call.params() == null ? Json.mapper().createObjectNode() : call.params();
        return switch (call.method()) {
            case "echo" -> p;
            case "subtract" -> p.path("minuend").asInt() - p.path("subtrahend").asInt();
            case "sum" -> {
                int sum = 0;
                for (JsonNode n : p.path("values")) {
                    sum += n.asInt();
                }
                yield sum;
            }
            case "get_data" -> List.of("hello", 5);
            case "update", "notify_hello", "notify_sum" -> null;
            case "connection" -> Map.of("id", call.connection().id(), "peer_pid", call.connection().peerPid());
            case "sleep" -> {
                try {
                    Thread.sleep(p.path("millis").asLong());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield "slept";
            }
            case "block" -> {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield "released";
            }
            case "boom" -> throw new IllegalStateException("secret detail /home/me/.ssh");
            case "stream" -> stream(p.path("count").asInt(), p.path("subscription").asText("s"));
            case "flood" -> new StreamOpening(Map.of("subscription", "flood"), sink -> {
                sinks.add(sink);
                String padding = "x".repeat(p.path("bytes").asInt(1000));
                long accepted = 0;
                while (sink.offer("tick", Map.of("subscription", "flood", "pad", padding))) {
                    accepted++;
                }
                floodAccepted.set(accepted);
            });
            case "hold" -> new StreamOpening(Map.of("subscription", "held"), sinks::add);
            case "watch_close" -> {
                call.connection().onClose(closeActionsRun::incrementAndGet);
                yield "watching";
            }
            case "bad_params" -> throw RpcException.invalidParams("session", "session must be a string");
            default -> throw new RpcException(ErrorCode.METHOD_NOT_FOUND, "Method not found", null);
        };
    }

    /** Emits {@code count} ticks from the start callback, then {@code subscription_end}. */
    private StreamOpening stream(int count, String subscription) {
        ObjectNode result = Json.mapper().createObjectNode().put("subscription", subscription);
        return new StreamOpening(result, sink -> {
            sinks.add(sink);
            for (int i = 0; i < count; i++) {
                sink.offer("tick", Map.of("subscription", subscription, "n", i));
            }
            sink.offerFinal("subscription_end", Map.of("subscription", subscription, "reason", "cancelled"));
        });
    }

    static ArrayNode array() {
        return Json.mapper().createArrayNode();
    }
}
