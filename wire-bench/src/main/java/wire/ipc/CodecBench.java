package wire.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
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
 * ({@link JsonRpcCodec} and {@code Params.decode}), encoding its reply, and encoding a 200-session
 * {@code list} reply the way the server does (result to tree, tree to bytes) and directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBench {
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

    @Benchmark
    public byte[] encodeStatusReply() {
        return JsonRpcCodec.encode(Response.success(id, Json.mapper().valueToTree(status)));
    }

    @Benchmark
    public byte[] encodeList200Reply() {
        return JsonRpcCodec.encode(Response.success(id, Json.mapper().valueToTree(list200)));
    }

    @Benchmark
    public byte[] encodeList200Direct() throws Exception {
        return Json.mapper().writeValueAsBytes(list200);
    }
}
