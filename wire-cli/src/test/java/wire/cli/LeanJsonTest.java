package wire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wire.protocol.Json;

/**
 * The hand-written JSON reader and writer of the fast path agree with jackson, which the full CLI
 * uses: the same values, the same text back, and no text accepted that jackson refuses.
 *
 * <p>The generated documents use a seeded {@link Random}: try {@code i} uses seed
 * {@code wire.prop.seed + i}, named in any failure, so {@code -Dwire.prop.seed=S} replays it.
 */
class LeanJsonTest {
    private static final long SEED = Long.getLong("wire.prop.seed", 20261123L);
    private static final int TRIES = Integer.getInteger("wire.prop.tries", 500);
    private static final ObjectReader JACKSON = Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @ParameterizedTest
    @ValueSource(strings = {
        "{}", "[]", "\"\"", "0", "-0", "true", "false", "null", " \t\r\n[ 1 , 2 ]\n ",
        "{\"a\": {\"b\": [[], {}, [null, {\"c\": \"d\"}]]}}",
        "{\"dup\": 1, \"x\": 2, \"dup\": 3}",
        "\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0000 \\u001f \\u007f \\u00e9 \\u2028 \\uD83D\\uDE00 \\ud800 x\"",
        "\"raw é \u2028 \uD83D\uDE00 \u007f\"",
        "[2147483647, 2147483648, -2147483648, -2147483649, 9223372036854775807, 9223372036854775808,"
                + " -9223372036854775808, -9223372036854775809, 123456789012345678901234567890, 1234567890, 12345678901]",
        "[0.1, 1e3, 1E+2, -1.5e-7, 5e-324, 1.7976931348623157e308, 1e400, -1e400, 0.0, -0.0, 3.0e0, 10.25]",
    })
    void readsAndWritesWhatJacksonDoes(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        JsonNode tree = JACKSON.readTree(bytes);
        Object lean = LeanJson.parse(bytes);
        assertEquals(Json.mapper().writeValueAsString(tree), LeanJson.write(lean));
        assertSameTypes(tree, lean, text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "{", "}", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{\"a\":}", "01", "-01", "1.", ".5", "-",
        "1e", "1e+", "+1", "0x1", "NaN", "Infinity", "tru", "nul", "True", "'a'", "\"abc", "\"\\x\"", "\"\\u12\"",
        "\"\\u12g4\"", "\"tab\there\"", "\"nl\nhere\"", "1 2", "{} {}", "[1] x", "\"a\" \"b\"",
    })
    void refusesWhatJacksonRefuses(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> LeanJson.parse(bytes));
        assertThrows(Exception.class, () -> readByTheFullCli(bytes));
    }

    @Test
    void refusesMalformedUtf8AndDeepNestingAsTheFullCliDoes() {
        List<byte[]> bad = List.of(
                new byte[] {'"', (byte) 0xC3, '(', '"'},
                new byte[] {'"', (byte) 0x80, '"'},
                new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},
                new byte[] {'"', (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'},
                ("[".repeat(1001) + "]".repeat(1001)).getBytes(StandardCharsets.UTF_8));
        for (byte[] bytes : bad) {
            assertThrows(IOException.class, () -> LeanJson.parse(bytes));
            assertThrows(Exception.class, () -> readByTheFullCli(bytes));
        }
    }

    @Test
    void nestingUpToJacksonsLimitIsRead() throws IOException {
        byte[] deep = ("[".repeat(1000) + "]".repeat(1000)).getBytes(StandardCharsets.UTF_8);
        assertEquals(Json.mapper().writeValueAsString(JACKSON.readTree(deep)), LeanJson.write(LeanJson.parse(deep)));
    }

    @Test
    void anyDocumentJacksonWritesReadsBackAndWritesTheSameText() throws IOException {
        for (int i = 0; i < TRIES; i++) {
            long seed = SEED + i;
            byte[] bytes = Json.mapper().writeValueAsBytes(node(new Random(seed), 0));
            String where = "[seed " + seed + "] " + new String(bytes, StandardCharsets.UTF_8);
            JsonNode tree = readByTheFullCli(bytes);
            Object lean = LeanJson.parse(bytes);
            assertEquals(Json.mapper().writeValueAsString(tree), LeanJson.write(lean), where);
            assertSameTypes(tree, lean, where);
        }
    }

    /** What the full CLI does with a reply line: strict UTF-8, then jackson's tree. */
    private static JsonNode readByTheFullCli(byte[] bytes) throws IOException {
        String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        JsonNode tree = JACKSON.readTree(text);
        if (tree == null || tree.isMissingNode()) {
            throw new IOException("no JSON value");
        }
        return tree;
    }

    /** Numbers come out as the same Java types as databind's nodes hold, so renderers print them alike. */
    private static void assertSameTypes(JsonNode node, Object lean, String where) {
        if (node.isObject()) {
            Map<?, ?> map = (Map<?, ?>) lean;
            node.properties().forEach(e -> assertSameTypes(e.getValue(), map.get(e.getKey()), where));
        } else if (node.isArray()) {
            List<?> list = (List<?>) lean;
            for (int i = 0; i < node.size(); i++) {
                assertSameTypes(node.get(i), list.get(i), where);
            }
        } else if (node.isNumber()) {
            assertEquals(node.numberValue().getClass(), lean.getClass(), where);
            assertEquals(node.numberValue(), lean, where);
        } else if (node.isNull()) {
            assertEquals(LeanJson.NULL, lean, where);
        }
    }

    private static JsonNode node(Random r, int depth) {
        int kind = r.nextInt(depth < 4 ? 10 : 7);
        return switch (kind) {
            case 0 -> NODES.textNode(text(r));
            case 1 -> NODES.numberNode(r.nextInt());
            case 2 -> NODES.numberNode(r.nextBoolean() ? r.nextLong() : r.nextInt(1000));
            case 3 -> NODES.numberNode(new BigInteger(64 + r.nextInt(64), r).negate());
            case 4 -> NODES.numberNode(r.nextBoolean() ? r.nextDouble() * 1000 : anyFiniteDouble(r));
            case 5 -> NODES.booleanNode(r.nextBoolean());
            case 6 -> NODES.nullNode();
            case 7, 8 -> {
                ObjectNode object = NODES.objectNode();
                for (int i = r.nextInt(6); i > 0; i--) {
                    object.set(text(r), node(r, depth + 1));
                }
                yield object;
            }
            default -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = r.nextInt(6); i > 0; i--) {
                    array.add(node(r, depth + 1));
                }
                yield array;
            }
        };
    }

    private static double anyFiniteDouble(Random r) {
        double d = Double.longBitsToDouble(r.nextLong());
        return Double.isFinite(d) ? d : r.nextGaussian();
    }

    /** Mostly plain text, with every kind of character a JSON string has to get right. */
    private static String text(Random r) {
        String[] pieces = {"name", "s0001", " ", "\"", "\\", "/", "\n", "\t", "\u0000", "\u001f", "\u007f", "é", "\u2028",
            "\uD83D\uDE00", "日本", "/tmp/wire root"};
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(5); i > 0; i--) {
            s.append(pieces[r.nextInt(pieces.length)]);
        }
        return s.toString();
    }
}
