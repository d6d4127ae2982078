package wire.cli;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * {@link LeanJson} values as one line of JSON, character for character what jackson writes for
 * the same tree with wire's settings ({@code Json.mapper().writeValueAsString}), so the fast
 * path's {@code --json} is the full CLI's: no spaces; quote, backslash and control characters
 * escaped (the two-character form where JSON has one, else a {@code u00XX} escape in upper-case
 * hex); everything else as is; doubles as {@link Double#toString}, non-finite ones quoted.
 */
final class LeanJsonWriter {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private LeanJsonWriter() {}

    static void write(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> object) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : object.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string((String) e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> array) {
            out.append('[');
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(array.get(i), out);
            }
            out.append(']');
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Double d) {
            if (Double.isFinite(d)) {
                out.append(d.doubleValue());
            } else {
                out.append('"').append(d.doubleValue()).append('"');
            }
        } else if (value instanceof Integer || value instanceof Long || value instanceof BigInteger || value instanceof Boolean) {
            out.append(value);
        } else {
            out.append("null");
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        int plain = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, plain, i).append('\\');
            switch (c) {
                case '"', '\\' -> out.append(c);
                case '\b' -> out.append('b');
                case '\t' -> out.append('t');
                case '\n' -> out.append('n');
                case '\f' -> out.append('f');
                case '\r' -> out.append('r');
                default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
            plain = i + 1;
        }
        out.append(s, plain, s.length()).append('"');
    }
}
