package wire.protocol;

import java.text.Normalizer;
import java.util.Optional;

/**
 * The session naming rule, {@code [a-z0-9][a-z0-9._-]{0,62}} (DESIGN.md, Paths). A name becomes a
 * directory under {@code sessions/}, so anything that could escape it or collide on a
 * case-insensitive file system is refused, with a message that names the exact problem.
 */
public final class SessionName {
    /** The longest name allowed, in characters. */
    public static final int MAX_LENGTH = 63;

    private static final String ALLOWED = "allowed: a-z, 0-9, '.', '_', '-'";

    private SessionName() {}

    /** The problem with {@code name}, or empty when it is a valid session name. */
    public static Optional<String> validate(String name) {
        // Every request that names a session passes here: a valid name answers without building
        // the quoted form that only the messages below need.
        if (name != null && followsTheRule(name)) {
            return Optional.empty();
        }
        if (name == null) {
            return Optional.of("session name is missing");
        }
        if (name.isEmpty()) {
            return Optional.of("session name is empty");
        }
        String shown = quote(name);
        if (name.indexOf('\0') >= 0) {
            return Optional.of("session name " + shown + " contains a NUL character");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("session name " + shown + " is not allowed: it names a directory, not a session");
        }
        if (name.indexOf('/') >= 0) {
            return Optional.of("session name " + shown + " contains '/': a name is one directory, not a path");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("session name is " + name.length() + " characters long; at most " + MAX_LENGTH
                    + " are allowed");
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (cp > 0x7f) {
                return Optional.of("session name " + shown + " contains the non-ASCII character '"
                        + Character.toString(cp) + "' (" + unicode(cp) + ")" + lookAlike(cp) + "; " + ALLOWED);
            }
            i += Character.charCount(cp);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return Optional.of("session name " + shown + " contains uppercase '" + c
                        + "'; names are lowercase (try " + quote(name.toLowerCase(java.util.Locale.ROOT)) + ")");
            }
        }
        char first = name.charAt(0);
        if (!isLowerOrDigit(first)) {
            return Optional.of("session name " + shown + " must start with a lowercase letter or a digit, not '"
                    + printable(first) + "'");
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLowerOrDigit(c) && c != '.' && c != '_' && c != '-') {
                return Optional.of("session name " + shown + " contains '" + printable(c) + "' (" + unicode(c)
                        + "); " + ALLOWED);
            }
        }
        return Optional.empty();
    }

    /** True when {@code name} follows the rule. */
    public static boolean isValid(String name) {
        return validate(name).isEmpty();
    }

    /**
     * Returns {@code name} when valid, else throws {@code -32006 invalid_session_name} with
     * {@code data.session} (PROTOCOL.md, Application errors).
     */
    public static String require(String name) throws RpcException {
        Optional<String> problem = validate(name);
        if (problem.isPresent()) {
            var data = Json.mapper().createObjectNode().put("session", name);
            throw new RpcException(ErrorCode.INVALID_SESSION_NAME, problem.get(), data);
        }
        return name;
    }

    /** The rule itself, with no diagnosis: what {@link #validate} accepts, exactly. */
    private static boolean followsTheRule(String name) {
        int length = name.length();
        if (length == 0 || length > MAX_LENGTH || !isLowerOrDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = name.charAt(i);
            if (!isLowerOrDigit(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static String lookAlike(int cp) {
        String folded = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFKC)
                .toLowerCase(java.util.Locale.ROOT);
        if (folded.length() == 1 && folded.charAt(0) < 0x80 && folded.charAt(0) >= 0x20) {
            return ", a look-alike of '" + folded + "'";
        }
        return "";
    }

    private static String unicode(int cp) {
        return String.format("U+%04X", cp);
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? "\\u" + String.format("%04x", (int) c) : String.valueOf(c);
    }

    /** The name in double quotes with control characters escaped, safe to print anywhere. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else {
                b.append(printable(c));
            }
        }
        return b.append('"').toString();
    }
}
