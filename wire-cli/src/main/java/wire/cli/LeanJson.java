package wire.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain Java values, read and written with jackson-core streaming alone, for the
 * {@link FastPath}: an object is a {@code LinkedHashMap<String, Object>} (the daemon's field order
 * kept), an array a {@code List<Object>}, a string a {@code String}, a number an {@code Integer},
 * {@code Long}, {@code BigInteger} or {@code Double} (the types databind's {@code JsonNode} would
 * pick, so text and {@code --json} output match the full CLI's), a boolean a {@code Boolean}, and
 * JSON null {@link #NULL}. Loading jackson-databind costs a client call more than anything else
 * it does (DESIGN.md, "CLI start-up: measured facts").
 */
final class LeanJson {
    /** JSON null, distinct from an absent field (Java null). */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final JsonFactory FACTORY = new JsonFactory();

    private LeanJson() {}

    static Object parse(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IOException("empty JSON");
            }
            Object value = read(p, t);
            if (p.nextToken() != null) {
                throw new IOException("trailing data after JSON value");
            }
            return value;
        }
    }

    /**
     * The same value read from a databind tree, so the full CLI renders through the one set of
     * renderers the fast path uses. Java null for a missing or JSON-null node.
     */
    static Object of(com.fasterxml.jackson.databind.JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            return parse(node.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot re-read a parsed JSON value", e);
        }
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    object.put(name, read(p, p.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    array.add(read(p, e));
                }
                yield array;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> p.getIntValue();
                case LONG -> p.getLongValue();
                default -> p.getBigIntegerValue();
            };
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> NULL;
            default -> throw new IOException("unexpected JSON token " + t);
        };
    }

    /** {@code value} as one line of JSON, as {@code JsonNode.toString()} and the full CLI's {@code --json} write it. */
    static String write(Object value) {
        StringWriter out = new StringWriter();
        try {
            write(value, out);
        } catch (IOException e) {
            throw new IllegalStateException("a StringWriter does not fail", e);
        }
        return out.toString();
    }

    static void write(Object value, Writer out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            write(g, value);
        }
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case Map<?, ?> object -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : object.entrySet()) {
                    g.writeFieldName((String) e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> array -> {
                g.writeStartArray();
                for (Object e : array) {
                    write(g, e);
                }
                g.writeEndArray();
            }
            case String s -> g.writeString(s);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case BigInteger b -> g.writeNumber(b);
            case Double d -> g.writeNumber(d);
            case Boolean b -> g.writeBoolean(b);
            default -> g.writeNull();
        }
    }

    // Lenient reads, the counterparts of Nodes: a missing field and JSON null read alike.

    static Object get(Object object, String field) {
        Object v = object instanceof Map<?, ?> m ? m.get(field) : null;
        return v == NULL ? null : v;
    }

    static boolean present(Object object, String field) {
        return get(object, field) != null;
    }

    /** A scalar as {@code JsonNode.asText()} gives it; "" for containers. */
    static String asText(Object v) {
        return switch (v) {
            case null -> "";
            case String s -> s;
            case Map<?, ?> m -> "";
            case List<?> l -> "";
            default -> v == NULL ? "null" : v.toString();
        };
    }

    static String text(Object object, String field) {
        Object v = get(object, field);
        return v == null ? null : asText(v);
    }

    static String textOr(Object object, String field, String fallback) {
        String t = text(object, field);
        return t == null ? fallback : t;
    }

    /** {@code JsonNode.asDouble()}: numbers as such, numeric text parsed, anything else 0. */
    static double asDouble(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return v instanceof Boolean b && b ? 1 : 0;
    }
}
