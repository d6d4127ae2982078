package wire.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text (RFC 8259) read straight from UTF-8 bytes into {@link LeanJson} values, by hand. In a
 * JVM that lives a few dozen milliseconds nearly all code runs interpreted, and jackson-core's
 * parser (its class set-up, symbol tables and buffer recycling, made for long-lived servers)
 * took three times as long as this one on a 200-session reply (docs/performance.md).
 *
 * <p>It accepts nothing jackson-core would refuse with wire's settings, so the fast path can never
 * print where the full CLI would fail: bad UTF-8, a raw control character in a string, a leading
 * zero, trailing data, and jackson's default limits (nesting depth 1,000, numbers of 1,000
 * characters, names of 50,000 and strings of 20,000,000) are errors. Where it is stricter than
 * jackson (it counts bytes, not characters, against those limits), the full CLI simply runs.
 */
final class LeanJsonParser {
    private static final int MAX_DEPTH = 1000;
    private static final int MAX_NUMBER_LENGTH = 1000;
    private static final int MAX_NAME_LENGTH = 50_000;
    private static final int MAX_STRING_LENGTH = 20_000_000;

    /** The bytes a string may hold as they are: printable ASCII but the quote and the backslash. */
    private static final boolean[] PLAIN_ASCII = new boolean[256];

    static {
        for (int b = 0x20; b < 0x80; b++) {
            PLAIN_ASCII[b] = b != '"' && b != '\\';
        }
    }

    private final byte[] in;
    private int pos;

    private LeanJsonParser(byte[] in) {
        this.in = in;
    }

    static Object parse(byte[] json) throws IOException {
        LeanJsonParser p = new LeanJsonParser(json);
        p.skipWhitespace();
        if (p.pos == json.length) {
            throw new IOException("empty JSON");
        }
        Object value = p.document();
        p.skipWhitespace();
        if (p.pos != json.length) {
            throw p.error("trailing data after JSON value");
        }
        return value;
    }

    /**
     * One value with everything nested in it. The containers around the one being filled are kept
     * on an explicit stack, not on the thread's: 1,000 levels are legal, and a recursive parser
     * can run out of stack before that (it did under JUnit), which would be an error instead of
     * the full CLI taking over.
     */
    @SuppressWarnings("unchecked")
    private Object document() throws IOException {
        Object[] outer = new Object[16]; // the enclosing containers, outermost first
        String[] outerNames = new String[16]; // for each, the name its value in progress goes under
        int depth = 0;
        Map<String, Object> object = null; // the innermost open container: an object ...
        List<Object> array = null; // ... or an array; neither at the top level
        String name = null; // in an object, the name of the value being read
        while (true) {
            Object value;
            byte b = next();
            if (b == '{' || b == '[') {
                if ((object == null && array == null ? 1 : depth + 2) > MAX_DEPTH) {
                    throw error("nested deeper than " + MAX_DEPTH);
                }
                pos++;
                skipWhitespace();
                boolean empty = next() == (b == '{' ? '}' : ']');
                Object container = b == '{' ? new LinkedHashMap<String, Object>() : new ArrayList<>();
                if (!empty) {
                    if (object != null || array != null) {
                        if (depth == outer.length) {
                            outer = Arrays.copyOf(outer, depth * 2);
                            outerNames = Arrays.copyOf(outerNames, depth * 2);
                        }
                        outer[depth] = object != null ? object : array;
                        outerNames[depth++] = name;
                    }
                    object = b == '{' ? (Map<String, Object>) container : null;
                    array = b == '[' ? (List<Object>) container : null;
                    name = b == '{' ? name() : null;
                    continue;
                }
                pos++;
                value = container;
            } else {
                value = scalar(b);
            }
            // Put the finished value into its container; a closing bracket finishes that one too.
            while (true) {
                if (object != null) {
                    object.put(name, value);
                } else if (array != null) {
                    array.add(value);
                } else {
                    return value;
                }
                skipWhitespace();
                byte c = next();
                pos++;
                if (c == ',') {
                    skipWhitespace();
                    if (object != null) {
                        name = name();
                    }
                    break;
                }
                if (c != (object != null ? '}' : ']')) {
                    throw error(object != null ? "expected ',' or '}'" : "expected ',' or ']'");
                }
                value = object != null ? object : array;
                if (depth == 0) {
                    return value;
                }
                Object enclosing = outer[--depth];
                outer[depth] = null;
                object = enclosing instanceof Map ? (Map<String, Object>) enclosing : null;
                array = object == null ? (List<Object>) enclosing : null;
                name = outerNames[depth];
            }
        }
    }

    /** A field name and its colon, leaving {@code pos} at the value. */
    private String name() throws IOException {
        if (next() != '"') {
            throw error("expected a field name");
        }
        String name = string(MAX_NAME_LENGTH);
        skipWhitespace();
        if (next() != ':') {
            throw error("expected ':'");
        }
        pos++;
        skipWhitespace();
        return name;
    }

    private Object scalar(byte b) throws IOException {
        if (b == '"') {
            return string(MAX_STRING_LENGTH);
        } else if (b == '-' || (b >= '0' && b <= '9')) {
            return number();
        } else if (b == 't') {
            return literal("true", Boolean.TRUE);
        } else if (b == 'f') {
            return literal("false", Boolean.FALSE);
        } else if (b == 'n') {
            return literal("null", LeanJson.NULL);
        } else if (pos == in.length) {
            throw error("JSON ends where a value should be");
        }
        throw error("unexpected character");
    }

    /** A string whose opening quote is at {@code pos}; plain ASCII, the usual case, is one copy. */
    private String string(int maxLength) throws IOException {
        int start = ++pos;
        byte[] in = this.in;
        int i = start;
        while (i < in.length && PLAIN_ASCII[in[i] & 0xFF]) {
            i++;
        }
        pos = i;
        if (i < in.length && in[i] == '"') {
            checkLength(i - start, maxLength);
            pos++;
            return new String(in, start, i - start, StandardCharsets.ISO_8859_1);
        }
        return slowString(start, maxLength);
    }

    /**
     * The rest of a string from its first byte that is not plain ASCII at {@code pos} (an escape,
     * UTF-8, a control character or the end of the input); {@code start} is after the quote.
     */
    private String slowString(int start, int maxLength) throws IOException {
        StringBuilder out = new StringBuilder(pos - start + 16);
        int segment = start;
        while (pos < in.length) {
            byte b = in[pos];
            if (b == '"') {
                out.append(utf8(segment, pos));
                pos++;
                checkLength(out.length(), maxLength);
                return out.toString();
            }
            if (b >= 0 && b < 0x20) {
                throw error("control character in a string");
            }
            if (b != '\\') {
                pos++;
                continue;
            }
            out.append(utf8(segment, pos));
            if (++pos == in.length) {
                break;
            }
            byte e = in[pos++];
            switch (e) {
                case '"', '\\', '/' -> out.append((char) e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(hex4());
                default -> throw error("unknown escape in a string");
            }
            segment = pos;
        }
        throw error("unterminated string");
    }

    private char hex4() throws IOException {
        if (pos + 4 > in.length) {
            throw error("short \\u escape");
        }
        int c = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(in[pos++], 16);
            if (d < 0) {
                throw error("bad \\u escape");
            }
            c = c << 4 | d;
        }
        return (char) c;
    }

    /** Bytes {@code from} to {@code to} as UTF-8, refusing malformed input as jackson does. */
    private String utf8(int from, int to) throws IOException {
        boolean ascii = true;
        for (int i = from; i < to && ascii; i++) {
            ascii = in[i] >= 0;
        }
        if (ascii) {
            return new String(in, from, to - from, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(in, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw error("malformed UTF-8 in a string");
        }
    }

    /**
     * jackson's types for a number: the smallest of {@code Integer}, {@code Long} and
     * {@code BigInteger} that holds an integer, a {@code Double} for anything with a fraction or
     * an exponent.
     */
    private Object number() throws IOException {
        int start = pos;
        if (in[pos] == '-') {
            pos++;
        }
        int digits = pos;
        if (pos < in.length && in[pos] == '0') {
            pos++;
            if (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
                throw error("leading zero in a number");
            }
        } else if (digitsFrom() == 0) {
            throw error("expected a digit");
        }
        int intDigits = pos - digits;
        boolean fraction = false;
        if (pos < in.length && in[pos] == '.') {
            pos++;
            fraction = true;
            if (digitsFrom() == 0) {
                throw error("expected a digit after '.'");
            }
        }
        if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            fraction = true;
            if (pos < in.length && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            if (digitsFrom() == 0) {
                throw error("expected a digit in the exponent");
            }
        }
        checkLength(pos - start, MAX_NUMBER_LENGTH);
        String text = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
        if (fraction) {
            return Double.parseDouble(text);
        }
        if (intDigits <= 9) {
            return Integer.parseInt(text);
        }
        if (intDigits <= 18) {
            long l = Long.parseLong(text);
            return l == (int) l ? (Object) (int) l : (Object) l;
        }
        BigInteger big = new BigInteger(text);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    /** Skips the digits at {@code pos} and says how many there were. */
    private int digitsFrom() {
        int start = pos;
        while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
            pos++;
        }
        return pos - start;
    }

    private Object literal(String word, Object value) throws IOException {
        int n = word.length();
        if (pos + n > in.length) {
            throw error("unexpected end of JSON");
        }
        for (int i = 0; i < n; i++) {
            if (in[pos + i] != word.charAt(i)) {
                throw error("unexpected character");
            }
        }
        pos += n;
        return value;
    }

    private void skipWhitespace() {
        while (pos < in.length) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    /** The byte at {@code pos}, or 0 at the end (never valid where this is asked). */
    private byte next() {
        return pos < in.length ? in[pos] : 0;
    }

    private void checkLength(int length, int max) throws IOException {
        if (length > max) {
            throw error("token longer than " + max);
        }
    }

    private IOException error(String what) {
        return new IOException(what + " at byte " + pos);
    }
}
