package wire.ipc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import wire.protocol.ErrorCode;
import wire.protocol.Json;
import wire.protocol.Message;
import wire.protocol.Notification;
import wire.protocol.Request;
import wire.protocol.Response;
import wire.protocol.RpcError;

/**
 * Turns one NDJSON line into JSON-RPC 2.0 messages and back, following the specification to the
 * letter (https://www.jsonrpc.org/specification). No I/O: the server and the client feed it the
 * lines {@link LineReader} cut and write the bytes it returns.
 */
final class JsonRpcCodec {

    /** What one incoming line holds. */
    sealed interface Decoded permits Single, Batch, Unparseable {}

    /** A single object; {@code item} may be invalid. */
    record Single(Item item) implements Decoded {}

    /** A non-empty array; each element decoded on its own. */
    record Batch(List<Item> items) implements Decoded {}

    /** Not JSON (or not UTF-8, or more than one value): -32700. */
    record Unparseable(String detail) implements Decoded {}

    /** One element: a request or notification, or a reason to answer -32600. */
    sealed interface Item permits Valid, Invalid {}

    /** A well-formed Request or Notification; {@code params} may still be an array. */
    record Valid(Message message) implements Item {}

    /** Not a request object. {@code id} is the element's own id when it had a valid one, else JSON null. */
    record Invalid(JsonNode id, String detail) implements Item {}

    static final RpcError PARSE_ERROR = RpcError.of(ErrorCode.PARSE_ERROR, "Parse error", null);
    static final RpcError INVALID_REQUEST = RpcError.of(ErrorCode.INVALID_REQUEST, "Invalid Request", null);

    private static final ObjectMapper MAPPER = Json.mapper();
    /** One value per line: "{} {}" is not a request. */
    private static final ObjectReader TREE_READER = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /**
     * Requests keep their numbers exact, so a reply carries "the same value as the value of the
     * id member": as a double, {@code 1e400} would come back as {@code "Infinity"} and
     * {@code 0.1000000000000000000001} as {@code 0.1}. Trailing zeros are kept too, so
     * {@code 100.0} is echoed as written rather than as {@code 1E+2}.
     */
    private static final ObjectReader REQUEST_READER = TREE_READER
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

    private JsonRpcCodec() {}

    // ---- server side: requests in ----

    static Decoded decode(byte[] line) {
        JsonNode tree;
        try {
            tree = parse(line, REQUEST_READER);
        } catch (IOException e) {
            return new Unparseable(e.getMessage());
        }
        if (tree.isArray()) {
            if (tree.isEmpty()) {
                // "An empty Array ... MUST be a single Response object" with -32600.
                return new Single(new Invalid(NullNode.getInstance(), "empty batch"));
            }
            List<Item> items = new ArrayList<>(tree.size());
            for (JsonNode element : tree) {
                items.add(item(element));
            }
            return new Batch(List.copyOf(items));
        }
        return new Single(item(tree));
    }

    static Item item(JsonNode node) {
        if (!node.isObject()) {
            return new Invalid(NullNode.getInstance(), "not an object");
        }
        boolean hasId = node.has("id");
        JsonNode id = node.get("id");
        if (hasId && !(id.isTextual() || id.isNumber() || id.isNull())) {
            return new Invalid(NullNode.getInstance(), "id must be a string, a number or null");
        }
        JsonNode replyId = hasId ? id : NullNode.getInstance();
        JsonNode version = node.get("jsonrpc");
        if (version == null || !version.isTextual() || !Message.JSONRPC_VERSION.equals(version.textValue())) {
            return new Invalid(replyId, "jsonrpc must be \"2.0\"");
        }
        JsonNode method = node.get("method");
        if (method == null || !method.isTextual()) {
            return new Invalid(replyId, "method must be a string");
        }
        JsonNode params = node.get("params");
        if (params != null && !(params.isObject() || params.isArray())) {
            return new Invalid(replyId, "params must be an object or an array");
        }
        Message message = hasId
                ? new Request(id, method.textValue(), params)
                : new Notification(method.textValue(), params);
        return new Valid(message);
    }

    // ---- client side: replies and notifications in ----

    /**
     * A line from the daemon: a Response, a Notification, or an array of Responses (a batch
     * reply), flattened in order.
     *
     * @throws IOException when the line is not a reply or notification
     */
    static List<Message> decodeIncoming(byte[] line) throws IOException {
        JsonNode tree = parse(line, TREE_READER);
        if (tree.isArray()) {
            List<Message> out = new ArrayList<>(tree.size());
            for (JsonNode element : tree) {
                out.add(incoming(element));
            }
            return out;
        }
        return List.of(incoming(tree));
    }

    private static Message incoming(JsonNode node) throws IOException {
        if (!node.isObject() || !Message.JSONRPC_VERSION.equals(node.path("jsonrpc").textValue())) {
            throw new IOException("not a JSON-RPC 2.0 message: " + abbreviate(node));
        }
        JsonNode method = node.get("method");
        if (method != null && method.isTextual() && !node.has("id")) {
            return new Notification(method.textValue(), node.get("params"));
        }
        JsonNode id = node.path("id");
        if (!(id.isTextual() || id.isNumber() || id.isNull())) {
            throw new IOException("reply without a valid id: " + abbreviate(node));
        }
        JsonNode error = node.get("error");
        if (error != null && !error.isNull()) {
            JsonNode code = error.get("code");
            JsonNode message = error.get("message");
            if (code == null || !code.canConvertToInt() || message == null || !message.isTextual()) {
                throw new IOException("malformed error object: " + abbreviate(node));
            }
            JsonNode data = error.get("data");
            return Response.failure(id, new RpcError(code.intValue(), message.textValue(), data));
        }
        if (!node.has("result")) {
            throw new IOException("reply with neither result nor error: " + abbreviate(node));
        }
        return Response.success(id, node.get("result"));
    }

    // ---- out ----

    /** The message as one line: compact JSON and a single trailing {@code \n}. */
    static byte[] encode(Message message) {
        return terminated(json(message));
    }

    /** A batch reply: one array of responses on one line. */
    static byte[] encodeBatch(List<Response> responses) {
        List<byte[]> parts = new ArrayList<>(responses.size());
        for (Response response : responses) {
            parts.add(json(response));
        }
        return batchLine(parts);
    }

    /** The message as compact JSON, without a newline. */
    static byte[] json(Message message) {
        try {
            return MAPPER.writeValueAsBytes(tree(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /**
     * A success response as compact JSON without a newline, its result written straight from the
     * handler's value by {@code Json.mapper()}: the bytes of
     * {@code json(Response.success(id, mapper.valueToTree(result)))} without building that tree
     * first, which for a large result costs as much as writing it (see wire-bench's CodecBench).
     *
     * @throws IllegalArgumentException when {@code result} cannot be serialised
     */
    static byte[] successJson(JsonNode id, Object result) {
        return envelope(g -> {
            g.writeFieldName("id");
            g.writeTree(id);
            g.writeFieldName("result");
            MAPPER.writeValue(g, result);
        });
    }

    /**
     * A notification as one line, its params (null: no params member) written straight from the
     * value, as {@link #successJson} does for results.
     *
     * @throws IllegalArgumentException when {@code params} cannot be serialised
     */
    static byte[] notificationLine(String method, Object params) {
        return terminated(envelope(g -> {
            g.writeStringField("method", method);
            if (params != null) {
                g.writeFieldName("params");
                MAPPER.writeValue(g, params);
            }
        }));
    }

    /** Encoded responses joined into one array line: a batch reply. */
    static byte[] batchLine(List<byte[]> responses) {
        int size = 3 + Math.max(0, responses.size() - 1);
        for (byte[] r : responses) {
            size += r.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        out[at++] = '[';
        for (int i = 0; i < responses.size(); i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            byte[] r = responses.get(i);
            System.arraycopy(r, 0, out, at, r.length);
            at += r.length;
        }
        out[at++] = ']';
        out[at] = '\n';
        return out;
    }

    /** The message as a tree: the same members, in the same order, as the bytes {@link #encode} writes. */
    static ObjectNode tree(Message message) {
        ObjectNode node = MAPPER.createObjectNode().put("jsonrpc", Message.JSONRPC_VERSION);
        switch (message) {
            case Request r -> {
                node.set("id", r.id());
                node.put("method", r.method());
                putIfPresent(node, "params", r.params());
            }
            case Notification n -> {
                node.put("method", n.method());
                putIfPresent(node, "params", n.params());
            }
            case Response r -> {
                node.set("id", r.id());
                if (r.isError()) {
                    ObjectNode error = node.putObject("error");
                    error.put("code", r.error().code());
                    error.put("message", r.error().message());
                    putIfPresent(error, "data", r.error().data());
                } else {
                    node.set("result", r.result());
                }
            }
        }
        return node;
    }

    /**
     * The JSON plus {@code \n}. Jackson escapes control characters inside strings and never
     * indents with this mapper, so the only newline is the terminator.
     */
    static byte[] terminated(byte[] json) {
        byte[] out = Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }

    /** Members written after {@code "jsonrpc"}, in one object. */
    @FunctionalInterface
    private interface Members {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] envelope(Members members) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder()) {
            try (JsonGenerator g = MAPPER.createGenerator(bytes)) {
                g.writeStartObject();
                g.writeStringField("jsonrpc", Message.JSONRPC_VERSION);
                members.write(g);
                g.writeEndObject();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialise: " + e.getMessage(), e);
        }
    }

    /**
     * Strict UTF-8 first: Jackson would otherwise guess UTF-16/32 from the leading bytes or let
     * some malformed sequences through, and the protocol is UTF-8 only.
     */
    private static JsonNode parse(byte[] line, ObjectReader reader) throws IOException {
        CharBuffer text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line));
        } catch (CharacterCodingException e) {
            throw new IOException("not valid UTF-8", e);
        }
        JsonNode tree;
        try {
            tree = reader.readTree(text.toString());
        } catch (NumberFormatException e) {
            // An exact number with an exponent past 999,999,999 (0.1e1000000000001): refused, as
            // Jackson refuses a number of over 1,000 digits.
            throw new IOException("a number out of range", e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new IOException("no JSON value");
        }
        return tree;
    }

    private static void putIfPresent(ObjectNode node, String field, JsonNode value) {
        if (value != null) {
            node.set(field, value);
        }
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
