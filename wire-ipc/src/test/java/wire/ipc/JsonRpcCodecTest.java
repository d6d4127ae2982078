package wire.ipc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import wire.protocol.Desired;
import wire.protocol.Json;
import wire.protocol.LastError;
import wire.protocol.LastExit;
import wire.protocol.Message;
import wire.protocol.Notification;
import wire.protocol.Owner;
import wire.protocol.Request;
import wire.protocol.Response;
import wire.protocol.RestartPolicy;
import wire.protocol.RpcError;
import wire.protocol.SessionState;
import wire.protocol.SessionStatus;

class JsonRpcCodecTest {

    private static JsonRpcCodec.Decoded decode(String line) {
        return JsonRpcCodec.decode(line.getBytes(UTF_8));
    }

    private static JsonRpcCodec.Item single(String line) {
        return assertInstanceOf(JsonRpcCodec.Single.class, decode(line)).item();
    }

    private static Message valid(String line) {
        return assertInstanceOf(JsonRpcCodec.Valid.class, single(line)).message();
    }

    private static JsonRpcCodec.Invalid invalid(String line) {
        return assertInstanceOf(JsonRpcCodec.Invalid.class, single(line));
    }

    private static JsonNode json(String text) throws IOException {
        return Json.mapper().readTree(text);
    }

    // ---- requests and notifications ----

    @Test
    void requestWithNumberIdAndNamedParams() throws IOException {
        Request r = assertInstanceOf(Request.class,
                valid("{\"jsonrpc\":\"2.0\",\"method\":\"subtract\",\"params\":{\"minuend\":42,\"subtrahend\":23},\"id\":3}"));
        assertEquals(IntNode.valueOf(3), r.id());
        assertEquals("subtract", r.method());
        assertEquals(json("{\"minuend\":42,\"subtrahend\":23}"), r.params());
    }

    @Test
    void requestWithStringIdAndNoParams() {
        Request r = assertInstanceOf(Request.class, valid("{\"jsonrpc\":\"2.0\",\"method\":\"get_data\",\"id\":\"9\"}"));
        assertEquals(TextNode.valueOf("9"), r.id());
        assertNull(r.params());
    }

    @Test
    void idPresentAsNullIsARequestNotANotification() {
        Request r = assertInstanceOf(Request.class, valid("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":null}"));
        assertTrue(r.id().isNull());
    }

    @Test
    void fractionalNumberIdIsKeptAsItCame() {
        Request r = assertInstanceOf(Request.class, valid("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":1.5}"));
        assertEquals(1.5, r.id().doubleValue());
    }

    /** "The same value as the value of the id member": a double would turn 1e400 into "Infinity". */
    @ParameterizedTest
    @ValueSource(strings = {"1e400", "0.1000000000000000000001", "100.0", "-1E+2", "123456789012345678901234567890"})
    void numericIdIsEchoedWithExactlyItsValue(String id) throws IOException {
        Request r = assertInstanceOf(Request.class, valid("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":" + id + "}"));
        byte[] reply = JsonRpcCodec.encode(Response.success(r.id(), NullNode.getInstance()));
        JsonNode echoed = Json.mapper().reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readTree(reply).get("id");
        assertEquals(0, new BigDecimal(id).compareTo(echoed.decimalValue()), new String(reply, UTF_8));
    }

    @Test
    void numberWithAnExponentPastTheLimitIsAParseErrorNotAnException() {
        assertInstanceOf(JsonRpcCodec.Unparseable.class,
                decode("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":0.1e1000000000001}"));
    }

    @Test
    void noIdMemberMakesANotification() {
        Notification n = assertInstanceOf(Notification.class, valid("{\"jsonrpc\":\"2.0\",\"method\":\"update\",\"params\":[1,2,3,4,5]}"));
        assertEquals("update", n.method());
        assertTrue(n.params().isArray());
        assertInstanceOf(Notification.class, valid("{\"jsonrpc\":\"2.0\",\"method\":\"foobar\"}"));
    }

    @Test
    void positionalParamsDecodeAndAreLeftToTheServerToRefuse() {
        Request r = assertInstanceOf(Request.class, valid("{\"jsonrpc\":\"2.0\",\"method\":\"subtract\",\"params\":[42,23],\"id\":1}"));
        assertTrue(r.params().isArray());
    }

    // ---- invalid requests ----

    @Test
    void methodThatIsNotAStringIsInvalidWithNullId() {
        JsonRpcCodec.Invalid i = invalid("{\"jsonrpc\":\"2.0\",\"method\":1,\"params\":\"bar\"}");
        assertTrue(i.id().isNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"method\":\"m\",\"id\":7}",
        "{\"jsonrpc\":\"1.0\",\"method\":\"m\",\"id\":7}",
        "{\"jsonrpc\":2.0,\"method\":\"m\",\"id\":7}",
        "{\"jsonrpc\":\"2.0\",\"id\":7}",
        "{\"jsonrpc\":\"2.0\",\"method\":null,\"id\":7}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":\"bar\",\"id\":7}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":3,\"id\":7}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":null,\"id\":7}",
        "{\"jsonrpc\":\"2.0\",\"result\":19,\"id\":7}",
        "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"message\":\"x\"},\"id\":7}"
    })
    void invalidRequestWithAValidIdKeepsTheId(String line) {
        assertEquals(IntNode.valueOf(7), invalid(line).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":{}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":[1]}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":true}"
    })
    void idOfAnotherTypeIsInvalidWithNullId(String line) {
        assertTrue(invalid(line).id().isNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"text\"", "null", "true"})
    void jsonThatIsNotAnObjectIsInvalid(String line) {
        assertTrue(invalid(line).id().isNull());
    }

    @Test
    void emptyArrayIsOneInvalidRequest() {
        assertTrue(invalid("[]").id().isNull());
    }

    // ---- parse errors ----

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"jsonrpc\": \"2.0\", \"method\": \"foobar, \"params\": \"bar\", \"baz]",
        "[ {\"jsonrpc\": \"2.0\", \"method\": \"sum\", \"params\": [1,2,4], \"id\": \"1\"}, {\"jsonrpc\": \"2.0\", \"method\" ]",
        "{} {}",
        "{\"a\":1}x",
        "nope"
    })
    void invalidJsonIsAParseError(String line) {
        assertInstanceOf(JsonRpcCodec.Unparseable.class, decode(line));
    }

    @Test
    void invalidUtf8IsAParseErrorNotAnException() {
        byte[] line = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertInstanceOf(JsonRpcCodec.Unparseable.class, JsonRpcCodec.decode(line));
        byte[] lone = {'[', (byte) 0xFF, ']'};
        assertInstanceOf(JsonRpcCodec.Unparseable.class, JsonRpcCodec.decode(lone));
    }

    @Test
    void utf16LooksLikeGarbageNotLikeJson() {
        byte[] utf16 = "{\"jsonrpc\":\"2.0\",\"method\":\"m\"}".getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        assertInstanceOf(JsonRpcCodec.Unparseable.class, JsonRpcCodec.decode(utf16));
    }

    @Test
    void deepNestingIsAParseErrorNotAStackOverflow() {
        assertInstanceOf(JsonRpcCodec.Unparseable.class, decode("[".repeat(100_000)));
    }

    // ---- batches ----

    @Test
    void batchDecodesEveryElementOnItsOwn() {
        JsonRpcCodec.Batch batch = assertInstanceOf(JsonRpcCodec.Batch.class, decode("""
                [{"jsonrpc":"2.0","method":"sum","params":{"values":[1,2,4]},"id":"1"},\
                {"jsonrpc":"2.0","method":"notify_hello","params":{"value":7}},\
                {"foo":"boo"},\
                {"jsonrpc":"2.0","method":1,"id":"5"},\
                1]"""));
        List<JsonRpcCodec.Item> items = batch.items();
        assertEquals(5, items.size());
        assertInstanceOf(Request.class, assertInstanceOf(JsonRpcCodec.Valid.class, items.get(0)).message());
        assertInstanceOf(Notification.class, assertInstanceOf(JsonRpcCodec.Valid.class, items.get(1)).message());
        assertTrue(assertInstanceOf(JsonRpcCodec.Invalid.class, items.get(2)).id().isNull());
        assertEquals(TextNode.valueOf("5"), assertInstanceOf(JsonRpcCodec.Invalid.class, items.get(3)).id());
        assertTrue(assertInstanceOf(JsonRpcCodec.Invalid.class, items.get(4)).id().isNull());
    }

    @Test
    void batchOfNonObjectsIsOneInvalidElementEach() {
        JsonRpcCodec.Batch batch = assertInstanceOf(JsonRpcCodec.Batch.class, decode("[1,2,3]"));
        assertEquals(3, batch.items().size());
        batch.items().forEach(item -> assertInstanceOf(JsonRpcCodec.Invalid.class, item));
    }

    // ---- encoding ----

    @Test
    void responsesEncodeAsTheSpecificationShowsThem() throws IOException {
        assertEquals(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":19}"),
                json(new String(JsonRpcCodec.encode(Response.success(IntNode.valueOf(1), IntNode.valueOf(19))), UTF_8)));
        assertEquals(json("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"}}"),
                json(new String(JsonRpcCodec.encode(Response.failure(NullNode.getInstance(), JsonRpcCodec.INVALID_REQUEST)), UTF_8)));
        RpcError withData = new RpcError(-32602, "bad", json("{\"field\":\"params\"}"));
        assertEquals(json("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"error\":{\"code\":-32602,\"message\":\"bad\",\"data\":{\"field\":\"params\"}}}"),
                json(new String(JsonRpcCodec.encode(Response.failure(TextNode.valueOf("a"), withData)), UTF_8)));
    }

    @Test
    void requestsAndNotificationsOmitAbsentParams() throws IOException {
        assertEquals(json("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"version\"}"),
                json(new String(JsonRpcCodec.encode(new Request(IntNode.valueOf(4), "version", null)), UTF_8)));
        assertEquals(json("{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":{\"line\":\"x\"}}"),
                json(new String(JsonRpcCodec.encode(new Notification("log", json("{\"line\":\"x\"}"))), UTF_8)));
    }

    @Test
    void encodedLineHasExactlyOneNewlineEvenWhenStringsHoldNewlines() throws IOException {
        JsonNode params = json("{\"line\":\"a\\nb\\r\\nc\\u2028\",\"nested\":{\"list\":[\"x\\n\"]}}");
        byte[] line = JsonRpcCodec.encode(new Notification("log", params));
        assertEquals('\n', line[line.length - 1]);
        for (int i = 0; i < line.length - 1; i++) {
            assertFalse(line[i] == '\n' || line[i] == '\r', "raw line break at " + i);
        }
        Notification back = assertInstanceOf(Notification.class, JsonRpcCodec.decodeIncoming(line).get(0));
        assertEquals(params, back.params());
    }

    @Test
    void encodedBatchIsOneLineArray() throws IOException {
        byte[] line = JsonRpcCodec.encodeBatch(List.of(
                Response.success(IntNode.valueOf(1), IntNode.valueOf(7)),
                Response.failure(NullNode.getInstance(), JsonRpcCodec.INVALID_REQUEST)));
        assertEquals(json("[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":7},"
                + "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"}}]"),
                json(new String(line, UTF_8)));
    }

    /** Every field set, strings that need escaping, a unicode name: what a reply carries at its widest. */
    private static SessionStatus wideStatus() {
        Instant at = Instant.parse("2026-01-02T03:04:05.123456789Z");
        return new SessionStatus("caf\u00e9-1", SessionState.BACKOFF, Desired.UP, Owner.ADOPTED, 42L, 42L, at, 7L, 3,
                new LastExit(1, "SIGKILL", at, 0.25), 1.5, "/home/a \"b\"\n", "/tmp", true, false, "idle 9 days",
                12L, "0.1.0", true, List.of("sh", "-c", "echo \u2028\ttab"), RestartPolicy.ON_FAILURE,
                new LastError("No such file\r\n", at));
    }

    static List<Object> results() throws IOException {
        return Arrays.asList(wideStatus(), List.of(wideStatus(), wideStatus()), Map.of("cancelled", true),
                json("{\"a\":[1,2.5,null,\"x\"]}"), "text", 19, 0.1, null);
    }

    @ParameterizedTest
    @MethodSource("results")
    void successIsWrittenByteForByteAsTheTreeEncodingWouldBe(Object result) {
        JsonNode id = TextNode.valueOf("id-1");
        byte[] viaTree = JsonRpcCodec.json(Response.success(id, Json.mapper().valueToTree(result)));
        assertEquals(new String(viaTree, UTF_8), new String(JsonRpcCodec.successJson(id, result), UTF_8));
    }

    @ParameterizedTest
    @MethodSource("results")
    void notificationIsWrittenByteForByteAsTheTreeEncodingWouldBe(Object params) {
        JsonNode tree = params == null ? null : Json.mapper().valueToTree(params); // null: no params member
        byte[] viaTree = JsonRpcCodec.encode(new Notification("log", tree));
        assertEquals(new String(viaTree, UTF_8), new String(JsonRpcCodec.notificationLine("log", params), UTF_8));
    }

    record Unwritable(String field) {
        @Override
        public String field() {
            throw new IllegalStateException("no");
        }
    }

    @Test
    void aResultThatCannotBeSerialisedIsAnIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> JsonRpcCodec.successJson(IntNode.valueOf(1), new Unwritable("x")));
    }

    // ---- client side ----

    @Test
    void incomingRepliesAndNotificationsDecode() throws IOException {
        List<Message> messages = JsonRpcCodec.decodeIncoming(
                "[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null},{\"jsonrpc\":\"2.0\",\"id\":\"2\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}]"
                        .getBytes(UTF_8));
        Response first = assertInstanceOf(Response.class, messages.get(0));
        assertTrue(first.result().isNull());
        Response second = assertInstanceOf(Response.class, messages.get(1));
        assertEquals(-32601, second.error().code());
        Notification n = assertInstanceOf(Notification.class, JsonRpcCodec.decodeIncoming(
                "{\"jsonrpc\":\"2.0\",\"method\":\"log_end\",\"params\":{\"reason\":\"complete\"}}".getBytes(UTF_8)).get(0));
        assertEquals("log_end", n.method());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":1,\"result\":1}",
        "{\"jsonrpc\":\"2.0\",\"id\":1}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"message\":\"x\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":{},\"result\":1}",
        "garbage"
    })
    void malformedIncomingLinesAreIoErrors(String line) {
        assertThrows(IOException.class, () -> JsonRpcCodec.decodeIncoming(line.getBytes(UTF_8)));
    }
}
