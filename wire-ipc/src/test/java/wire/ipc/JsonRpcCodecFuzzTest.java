package wire.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import wire.protocol.ErrorCode;
import wire.protocol.Json;
import wire.protocol.Response;
import wire.protocol.RpcException;

/**
 * Coverage-guided fuzzing of the JSON-RPC 2.0 envelope alone ({@link JsonRpcCodec} and
 * {@link Dispatcher}), checked against the specification (https://www.jsonrpc.org/specification)
 * worked out here from each line's JSON tree, independently of the codec: which elements reach
 * the method handler (method, params and notification flag as sent, in order), how many
 * responses come back, in which order, with which ids (the same value the client sent) and which
 * error codes ({@code -32700}, {@code -32600}, {@code -32602} for by-position params), a batch
 * answered by an array and anything else by one object. Every message the codec accepts survives
 * encode then decode; the client's decoder takes any line with an answer or an
 * {@link IOException}, nothing else.
 *
 * <p>The input is one line. The handler fails a call to {@code fail} with {@code -32001} and
 * answers any other with the method's name. Seeds: {@code JsonRpcCodecFuzzTestInputs/}.
 */
class JsonRpcCodecFuzzTest {
    /** The spec's reading of a line: exact numbers, so ids can be compared by value. */
    private static final ObjectReader SPEC_READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    /** JSON numbers compared by value (the specification's "same value"); anything else as Jackson compares it. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue())
            : a.equals(b) ? 0 : 1;

    /** What one element is owed: a response (with this id and error code, null for success) or none; a call or none. */
    private record Owed(boolean answered, JsonNode id, Integer code, Call call) {
        static Owed error(JsonNode id, ErrorCode code) {
            return new Owed(true, id, code.code(), null);
        }
    }

    @FuzzTest
    void anyLineGetsTheRepliesTheSpecificationPrescribes(byte[] line) throws IOException {
        clientSideDecodingEndsInAnswerOrIOException(line);

        List<Call> calls = new ArrayList<>();
        Dispatcher dispatcher = new Dispatcher(call -> {
            calls.add(call);
            if (call.method().equals("fail")) {
                throw new RpcException(ErrorCode.SESSION_NOT_FOUND, "no session named x", null);
            }
            return TextNode.valueOf(call.method());
        }, 1 << 20, new FailOnErrorLogger());
        Dispatcher.Reply reply = dispatcher.dispatch(new LineReader.Data(line), FuzzConnection.INSTANCE);
        List<Response> responses = Replies.wellFormed(reply);

        JsonNode tree = specTree(line);
        boolean batch = tree != null && tree.isArray() && !tree.isEmpty();
        List<Owed> owed = new ArrayList<>();
        if (tree == null) {
            owed.add(Owed.error(NullNode.getInstance(), ErrorCode.PARSE_ERROR));
        } else if (batch) {
            tree.forEach(element -> owed.add(owed(element)));
        } else if (tree.isArray()) {
            owed.add(Owed.error(NullNode.getInstance(), ErrorCode.INVALID_REQUEST)); // the empty batch
        } else {
            owed.add(owed(tree));
        }

        List<Owed> answers = owed.stream().filter(Owed::answered).toList();
        assertEquals(answers.size(), responses.size(), "responses to " + show(line));
        List<JsonNode> replyIds = new ArrayList<>();
        if (!answers.isEmpty()) {
            assertEquals(batch ? '[' : '{', (char) reply.line()[0], "a batch gets an array, anything else an object");
            JsonNode replyTree = specTree(reply.line()); // exact numbers, unlike the client's decoder
            if (batch) {
                replyTree.forEach(r -> replyIds.add(r.get("id")));
            } else {
                replyIds.add(replyTree.get("id"));
            }
        }
        for (int i = 0; i < answers.size(); i++) {
            Owed o = answers.get(i);
            Response r = responses.get(i);
            // "The same value as the value of the id member in the Request Object."
            assertTrue(o.id().equals(BY_VALUE, replyIds.get(i)),
                    "response " + i + " has id " + replyIds.get(i) + ", the request " + o.id());
            if (o.code() != null) {
                assertTrue(r.isError() && r.error().code() == o.code(), "response " + i + " should be " + o.code() + ": " + r);
            } else if (o.call().method().equals("fail")) {
                assertTrue(r.isError() && r.error().code() == ErrorCode.SESSION_NOT_FOUND.code(), r.toString());
            } else {
                assertEquals(TextNode.valueOf(o.call().method()), r.result(), "response " + i + " carries the handler's result");
            }
        }
        List<Call> expectedCalls = owed.stream().map(Owed::call).filter(c -> c != null).toList();
        assertEquals(expectedCalls, calls, "the calls that reach the handler");

        everyAcceptedMessageSurvivesEncodeThenDecode(line);
    }

    /** The specification's verdict on one element of a line. */
    private static Owed owed(JsonNode element) {
        if (!element.isObject()) {
            return Owed.error(NullNode.getInstance(), ErrorCode.INVALID_REQUEST);
        }
        boolean hasId = element.has("id");
        JsonNode id = element.get("id");
        if (hasId && !(id.isTextual() || id.isNumber() || id.isNull())) {
            return Owed.error(NullNode.getInstance(), ErrorCode.INVALID_REQUEST);
        }
        JsonNode replyId = hasId ? id : NullNode.getInstance();
        JsonNode version = element.get("jsonrpc");
        JsonNode method = element.get("method");
        JsonNode params = element.get("params");
        if (version == null || !"2.0".equals(version.textValue()) || method == null || !method.isTextual()
                || (params != null && !params.isObject() && !params.isArray())) {
            return Owed.error(replyId, ErrorCode.INVALID_REQUEST);
        }
        if (params != null && params.isArray()) { // wire's methods take named params only
            return hasId ? Owed.error(replyId, ErrorCode.INVALID_PARAMS) : new Owed(false, null, null, null);
        }
        Call call = new Call(method.textValue(), params, !hasId, FuzzConnection.INSTANCE);
        return new Owed(hasId, replyId, null, call);
    }

    /** The line's one JSON value, or null when it is not strict UTF-8 holding exactly one. */
    private static JsonNode specTree(byte[] line) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line)).toString();
            JsonNode tree = SPEC_READER.readTree(text);
            return tree == null || tree.isMissingNode() ? null : tree;
        } catch (IOException | NumberFormatException e) {
            // not UTF-8, not one JSON value, or a number past wire's limits (as one of over 1,000 digits is)
            return null;
        }
    }

    private static void everyAcceptedMessageSurvivesEncodeThenDecode(byte[] line) {
        List<JsonRpcCodec.Item> items = switch (JsonRpcCodec.decode(line)) {
            case JsonRpcCodec.Single s -> List.of(s.item());
            case JsonRpcCodec.Batch b -> b.items();
            case JsonRpcCodec.Unparseable u -> List.of();
        };
        for (JsonRpcCodec.Item item : items) {
            if (item instanceof JsonRpcCodec.Valid v) {
                byte[] encoded = JsonRpcCodec.encode(v.message());
                JsonRpcCodec.Decoded again = JsonRpcCodec.decode(Arrays.copyOf(encoded, encoded.length - 1));
                // Numbers keep their value, not their spelling: an id of 1e0 comes back as 1.
                JsonNode before = JsonRpcCodec.tree(v.message());
                JsonNode after = again instanceof JsonRpcCodec.Single(JsonRpcCodec.Valid(var m)) ? JsonRpcCodec.tree(m) : null;
                assertTrue(after != null && before.equals(BY_VALUE, after), "encode then decode of " + v.message() + ": " + again);
            }
        }
    }

    /** The daemon's lines reach the client's decoder; whatever they hold, it answers or says why not. */
    private static void clientSideDecodingEndsInAnswerOrIOException(byte[] line) {
        try {
            JsonRpcCodec.decodeIncoming(line);
        } catch (IOException expected) {
            // not a reply or notification: the client reports the daemon as broken
        }
    }

    private static String show(byte[] line) {
        return new String(line, 0, Math.min(line.length, 200), StandardCharsets.UTF_8);
    }
}
