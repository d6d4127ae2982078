package wire.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import wire.bench.Samples;
import wire.protocol.Json;
import wire.protocol.ListResult;
import wire.protocol.Params;
import wire.protocol.Request;
import wire.protocol.Response;
import wire.protocol.RpcException;
import wire.protocol.SessionParams;
import wire.protocol.SessionStatus;

/**
 * The JSON work of one request on the server, piece by piece: decoding a {@code status} request
 * ({@link JsonRpcCodec} and {@code Params.decode}), and encoding its reply and a 200-session
 * {@code list} reply both ways: through a tree (as the server did) and directly (as it does).
 */
public class CodecBench extends MicroBench {
    private final byte[] statusRequest = FramingBench.STATUS.trim().getBytes(StandardCharsets.UTF_8);
    private final JsonNode statusParams = Json.mapper().createObjectNode().put("session", "s0001");
    private final JsonNode id = IntNode.valueOf(1);
    private final SessionStatus status = Samples.status(1);
    private final ListResult list200 = Samples.list(200);

    @Benchmark
    public JsonRpcCodec.Decoded decodeEnvelope() {
        return JsonRpcCodec.decode(statusRequest);
    }

    @Benchmark
    public SessionParams decodeParams() throws RpcException {
        return Params.decode(statusParams, SessionParams.class);
    }

    @Benchmark
    public SessionParams decodeRequest() throws RpcException {
        JsonRpcCodec.Single single = (JsonRpcCodec.Single) JsonRpcCodec.decode(statusRequest);
        Request request = (Request) ((JsonRpcCodec.Valid) single.item()).message();
        return Params.decode(request.params(), SessionParams.class);
    }

    /** A status reply as the server wrote it before: the result turned into a tree, the tree into bytes. */
    @Benchmark
    public byte[] encodeStatusViaTree() {
        return JsonRpcCodec.encode(Response.success(id, Json.mapper().valueToTree(status)));
    }

    /** A status reply as the server writes it now: the result straight into the envelope. */
    @Benchmark
    public byte[] encodeStatusDirect() {
        return JsonRpcCodec.terminated(JsonRpcCodec.successJson(id, status));
    }

    @Benchmark
    public byte[] encodeList200ViaTree() {
        return JsonRpcCodec.encode(Response.success(id, Json.mapper().valueToTree(list200)));
    }

    @Benchmark
    public byte[] encodeList200Direct() {
        return JsonRpcCodec.terminated(JsonRpcCodec.successJson(id, list200));
    }
}
