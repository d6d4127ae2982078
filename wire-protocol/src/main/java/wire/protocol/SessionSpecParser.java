package wire.protocol;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the text of a {@code session.json} (DESIGN.md, "session.json") into a {@link SessionSpec}
 * with every default applied, or reports every problem at once, each with its JSON path, so that
 * one edit fixes a file rather than one edit per error.
 *
 * <p>Strict JSON: no comments, no trailing commas, one value, and a key given twice is an error
 * rather than a silent last-wins. Stateless and thread-safe.
 */
public final class SessionSpecParser {
    /** Every key {@code session.json} may hold, in canonical order. */
    public static final List<String> KEYS = List.of("command", "cwd", "env", "autostart", "restart",
            "stop_signal", "stop_grace_seconds", "max_restarts", "restart_window_seconds", "log_max_bytes",
            "log_keep");

    public static final long MAX_STOP_GRACE_SECONDS = 3600;
    public static final long MIN_LOG_MAX_BYTES = 4096;
    public static final int MAX_LOG_KEEP = 100;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SessionSpecParser() {}

    /** Parses {@code text}; problems carry no file name. */
    public static ParsedSpec parse(String text) {
        return parse(null, text);
    }

    /**
     * Parses {@code text}, the content of {@code file} (used only to label problems; may be null).
     */
    public static ParsedSpec parse(String file, String text) {
        Checker c = new Checker(file);
        JsonNode root = c.readTree(text);
        if (root == null) {
            return new ParsedSpec.Invalid(c.problems);
        }
        if (!root.isObject()) {
            c.problem("$", "expected a JSON object, got " + describe(root));
            return new ParsedSpec.Invalid(c.problems);
        }
        SessionSpec spec = c.check((ObjectNode) root);
        c.problems.addAll(c.duplicates);
        return c.problems.isEmpty() ? new ParsedSpec.Valid(spec) : new ParsedSpec.Invalid(c.problems);
    }

    /** {@code $.key} for identifier-like keys, else {@code $["odd key"]}. */
    static String child(String path, String key) {
        if (IDENTIFIER.matcher(key).matches()) {
            return path + "." + key;
        }
        return path + "[" + SessionName.quote(key) + "]";
    }

    /** A JSON value's type and, for scalars, its text: {@code string "10"}, {@code number 1.5}, {@code array}. */
    static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "string " + SessionName.quote(v.textValue());
        }
        if (v.isNumber()) {
            return "number " + v.asText();
        }
        if (v.isBoolean()) {
            return "boolean " + v.asText();
        }
        if (v.isNull()) {
            return "null";
        }
        return v.isArray() ? "array" : "object";
    }

    private static final class Checker {
        final String file;
        final List<ConfigProblem> problems = new ArrayList<>();
        /** Kept apart so that value problems come in document order, duplicate keys after them. */
        final List<ConfigProblem> duplicates = new ArrayList<>();

        Checker(String file) {
            this.file = file;
        }

        void problem(String path, String message) {
            problems.add(new ConfigProblem(file, path, message));
        }

        JsonNode readTree(String text) {
            if (text == null || text.isBlank()) {
                problem("$", "the file is empty; expected a JSON object such as {}");
                return null;
            }
            try (JsonParser p = Json.mapper().getFactory().createParser(text)) {
                if (p.nextToken() == null) {
                    problem("$", "the file is empty; expected a JSON object such as {}");
                    return null;
                }
                JsonNode root = read(p, "$");
                if (p.nextToken() != null) {
                    duplicates.clear();
                    problem("$", "unexpected content after the JSON value " + at(p.currentTokenLocation()));
                    return null;
                }
                return root;
            } catch (JsonProcessingException e) {
                duplicates.clear();
                problem("$", "not valid JSON: " + e.getOriginalMessage() + " " + at(e.getLocation()));
                return null;
            } catch (IOException e) {
                duplicates.clear();
                problem("$", "not valid JSON: " + e.getMessage());
                return null;
            }
        }

        private JsonNode read(JsonParser p, String path) throws IOException {
            JsonToken t = p.currentToken();
            switch (t) {
                case START_OBJECT -> {
                    ObjectNode o = NODES.objectNode();
                    Map<String, JsonLocation> seen = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        JsonLocation where = p.currentTokenLocation();
                        p.nextToken();
                        JsonNode value = read(p, child(path, key));
                        JsonLocation first = seen.putIfAbsent(key, where);
                        if (first != null) {
                            duplicates.add(new ConfigProblem(file, child(path, key),
                                    "duplicate key " + SessionName.quote(key) + " " + at(where)
                                    + "; first given " + at(first)));
                        } else {
                            o.set(key, value);
                        }
                    }
                    return o;
                }
                case START_ARRAY -> {
                    ArrayNode a = NODES.arrayNode();
                    int i = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        a.add(read(p, path + "[" + i++ + "]"));
                    }
                    return a;
                }
                case VALUE_STRING -> {
                    return NODES.textNode(p.getText());
                }
                case VALUE_NUMBER_INT -> {
                    return NODES.numberNode(p.getBigIntegerValue());
                }
                case VALUE_NUMBER_FLOAT -> {
                    return DecimalNode.valueOf(p.getDecimalValue()); // keeps "1.0" as written
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
                }
                case VALUE_NULL -> {
                    return NODES.nullNode();
                }
                default -> throw new IllegalStateException("unexpected token " + t);
            }
        }

        private static String at(JsonLocation l) {
            return l == null ? "" : "at line " + l.getLineNr() + ", column " + l.getColumnNr();
        }

        SessionSpec check(ObjectNode root) {
            List<String> command = null;
            String cwd = null;
            Map<String, String> env = Map.of();
            boolean autostart = SessionSpec.DEFAULT_AUTOSTART;
            RestartPolicy restart = SessionSpec.DEFAULT_RESTART;
            StopSignal stopSignal = SessionSpec.DEFAULT_STOP_SIGNAL;
            long grace = SessionSpec.DEFAULT_STOP_GRACE_SECONDS;
            long maxRestarts = SessionSpec.DEFAULT_MAX_RESTARTS;
            long window = SessionSpec.DEFAULT_RESTART_WINDOW_SECONDS;
            long logMaxBytes = SessionSpec.DEFAULT_LOG_MAX_BYTES;
            long logKeep = SessionSpec.DEFAULT_LOG_KEEP;

            for (Map.Entry<String, JsonNode> field : root.properties()) {
                String key = field.getKey();
                JsonNode v = field.getValue();
                String path = child("$", key);
                switch (key) {
                    case "command" -> command = command(v, path);
                    case "cwd" -> cwd = cwd(v, path);
                    case "env" -> env = env(v, path);
                    case "autostart" -> {
                        if (v.isBoolean()) {
                            autostart = v.booleanValue();
                        } else {
                            problem(path, "expected a boolean, got " + describe(v));
                        }
                    }
                    case "restart" -> restart = restart(v, path, restart);
                    case "stop_signal" -> stopSignal = signal(v, path, stopSignal);
                    case "stop_grace_seconds" ->
                            grace = integer(v, path, 0, MAX_STOP_GRACE_SECONDS, " seconds", grace);
                    case "max_restarts" -> maxRestarts = integer(v, path, 0, Integer.MAX_VALUE, "", maxRestarts);
                    case "restart_window_seconds" ->
                            window = integer(v, path, 1, Long.MAX_VALUE, " seconds", window);
                    case "log_max_bytes" ->
                            logMaxBytes = integer(v, path, MIN_LOG_MAX_BYTES, Long.MAX_VALUE, " bytes", logMaxBytes);
                    case "log_keep" -> logKeep = integer(v, path, 1, MAX_LOG_KEEP, "", logKeep);
                    default -> problem(path, "unknown key " + SessionName.quote(key) + didYouMean(key, KEYS)
                            + "; known keys: " + String.join(", ", KEYS));
                }
            }
            if (!problems.isEmpty()) {
                return null;
            }
            return new SessionSpec(command, cwd, env, autostart, restart, stopSignal, grace, (int) maxRestarts,
                    window, logMaxBytes, (int) logKeep);
        }

        private List<String> command(JsonNode v, String path) {
            if (!v.isArray()) {
                problem(path, "expected an array of strings (the program and its arguments), got " + describe(v));
                return null;
            }
            if (v.isEmpty()) {
                problem(path, "must not be empty: give the program and its arguments, "
                        + "or leave command out to run the built-in wire daemon");
                return null;
            }
            List<String> argv = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                JsonNode arg = v.get(i);
                String p = path + "[" + i + "]";
                if (!arg.isTextual()) {
                    problem(p, "expected a string, got " + describe(arg));
                } else if (arg.textValue().isEmpty()) {
                    problem(p, i == 0 ? "the program must not be an empty string" : "an argument must not be empty");
                } else if (arg.textValue().indexOf('\0') >= 0) {
                    problem(p, "contains a NUL character, which no argv can carry");
                } else {
                    argv.add(arg.textValue());
                }
            }
            return argv;
        }

        private String cwd(JsonNode v, String path) {
            if (!v.isTextual()) {
                problem(path, "expected a string (an absolute directory), got " + describe(v));
                return null;
            }
            String dir = v.textValue();
            if (dir.indexOf('\0') >= 0) {
                problem(path, "contains a NUL character");
            } else if (!dir.startsWith("/")) {
                problem(path, "must be an absolute path, got " + SessionName.quote(dir)
                        + "; leave cwd out to run in the session's home");
            }
            return dir;
        }

        private Map<String, String> env(JsonNode v, String path) {
            if (!v.isObject()) {
                problem(path, "expected an object of string values, got " + describe(v));
                return Map.of();
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                String name = e.getKey();
                String p = child(path, name);
                JsonNode value = e.getValue();
                if (name.isEmpty()) {
                    problem(p, "an environment variable name must not be empty");
                } else if (name.indexOf('\0') >= 0) {
                    problem(p, "the variable name contains a NUL character");
                } else if (name.indexOf('=') >= 0) {
                    problem(p, "the variable name " + SessionName.quote(name) + " contains '='");
                } else if (name.startsWith("WIRE_")) {
                    problem(p, "WIRE_* variables are reserved: the supervisor removes them and sets WIRE_HOME itself");
                }
                if (!value.isTextual()) {
                    problem(p, "expected a string, got " + describe(value)
                            + (value.isNumber() || value.isBoolean() ? " (quote it: \"" + value.asText() + "\")" : ""));
                } else if (value.textValue().indexOf('\0') >= 0) {
                    problem(p, "the value contains a NUL character");
                } else {
                    env.put(name, value.textValue());
                }
            }
            return env;
        }

        private RestartPolicy restart(JsonNode v, String path, RestartPolicy fallback) {
            List<String> words = WireEnum.words(RestartPolicy.class);
            String allowed = "one of " + words.stream().map(SessionName::quote).collect(Collectors.joining(", "));
            if (!v.isTextual()) {
                problem(path, "expected " + allowed + ", got " + describe(v));
                return fallback;
            }
            RestartPolicy p = WireEnum.fromWire(RestartPolicy.class, v.textValue());
            if (p == null) {
                problem(path, "expected " + allowed + ", got " + describe(v) + didYouMean(v.textValue(), words));
                return fallback;
            }
            return p;
        }

        private StopSignal signal(JsonNode v, String path, StopSignal fallback) {
            String allowed = "allowed: " + WireEnum.words(StopSignal.class).stream().collect(Collectors.joining(", "));
            if (v.isIntegralNumber()) {
                for (StopSignal s : StopSignal.values()) {
                    if (v.canConvertToInt() && s.number() == v.intValue()) {
                        problem(path, "give the signal's name, \"" + s.name() + "\", not its number " + v.asText());
                        return fallback;
                    }
                }
            }
            if (!v.isTextual()) {
                problem(path, "expected a signal name such as \"TERM\", got " + describe(v) + "; " + allowed);
                return fallback;
            }
            String name = v.textValue();
            for (StopSignal s : StopSignal.values()) {
                if (s.name().equals(name)) {
                    return s;
                }
            }
            String upper = name.toUpperCase(Locale.ROOT);
            String bare = upper.startsWith("SIG") ? upper.substring(3) : upper;
            for (StopSignal s : StopSignal.values()) {
                if (s.name().equals(bare)) {
                    problem(path, "unknown signal " + SessionName.quote(name) + "; write it as \"" + s.name()
                            + "\" (uppercase, without SIG)");
                    return fallback;
                }
            }
            problem(path, "unknown signal " + SessionName.quote(name) + "; " + allowed);
            return fallback;
        }

        private long integer(JsonNode v, String path, long min, long max, String unit, long fallback) {
            if (!v.isNumber()) {
                problem(path, "expected an integer, got " + describe(v));
                return fallback;
            }
            if (!v.isIntegralNumber()) {
                problem(path, "expected an integer, got " + describe(v));
                return fallback;
            }
            BigInteger n = v.bigIntegerValue();
            boolean bounded = max != Long.MAX_VALUE && max != Integer.MAX_VALUE;
            if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
                String range = bounded ? "between " + min + " and " + max + unit
                        : "at least " + min + unit + (n.compareTo(BigInteger.valueOf(min)) < 0 ? "" : " and at most " + max);
                problem(path, "must be " + range + ", got " + n);
                return fallback;
            }
            return n.longValue();
        }
    }

    /** {@code "; did you mean "x"?"} when {@code word} differs from a known one only in case or '-'/'_'. */
    static String didYouMean(String word, List<String> known) {
        String norm = normalise(word);
        Optional<String> match = known.stream().filter(k -> normalise(k).equals(norm)).findFirst();
        return match.map(k -> " (did you mean " + SessionName.quote(k) + "?)").orElse("");
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replace('-', '_').replace(" ", "");
    }
}
