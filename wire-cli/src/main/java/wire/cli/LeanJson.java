package wire.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain Java values, for the {@link FastPath}: an object is a
 * {@code LinkedHashMap<String, Object>} (the daemon's field order kept), an array a
 * {@code List<Object>}, a string a {@code String}, a number an {@code Integer}, {@code Long},
 * {@code BigInteger} or {@code Double} (the types databind's {@code JsonNode} would pick, so text
 * and {@code --json} output match the full CLI's), a boolean a {@code Boolean}, and JSON null
 * {@link #NULL}. Read by {@link LeanJsonParser} and written by {@link LeanJsonWriter}, without
 * jackson: loading jackson-databind costs a client call more than anything else it does (DESIGN.md,
 * "CLI start-up: measured facts"), and even jackson-core's parser is slow in a JVM that lives a
 * few dozen milliseconds (docs/performance.md).
 */
final class LeanJson {
    /** JSON null, distinct from an absent field (Java null). */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private LeanJson() {}

    static Object parse(byte[] json) throws IOException {
        return LeanJsonParser.parse(json);
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

    /** {@code value} as one line of JSON, as {@code JsonNode.toString()} and the full CLI's {@code --json} write it. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        LeanJsonWriter.write(value, out);
        return out.toString();
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
        if (v == null || v instanceof Map || v instanceof List) {
            return "";
        }
        return v instanceof String s ? s : v.toString();
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
