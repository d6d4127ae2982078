package wire.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a request's {@code params} into a method's params record, and back.
 *
 * <p>Decoding is strict, so a typo is an error rather than a silently ignored option, and every
 * failure names the member at fault (PROTOCOL.md, "JSON-RPC 2.0, in full"): {@code -32602} with
 * {@code data.field} (dotted for nested members, {@code sessions[1]} for list elements). Absent
 * params and JSON null members count as absent; optional members carry {@link Default}. Once the
 * types are right, every name in a {@code session} or {@code sessions} member, or in a
 * {@link Target}, is checked against {@link SessionName}: a bad one is {@code -32006}, never
 * {@code -32001} (PROTOCOL.md, Application errors).
 *
 * <p>A {@link Target} component is not a member of its own: its selector ({@code session},
 * {@code sessions}, {@code all}, {@code stale}) sits among the params. No selector at all is
 * reported with {@code data.field} {@code "target"}.
 */
public final class Params {

    /** An optional member and its value when absent or null, as JSON text ({@code "100"}, {@code "\"both\""}, {@code "null"}). */
    @Retention(RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(ElementType.RECORD_COMPONENT)
    public @interface Default {
        String value();
    }

    /** The smallest value an integer member accepts. */
    @Retention(RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(ElementType.RECORD_COMPONENT)
    public @interface Min {
        long value();
    }

    /** On a {@link Target} component: {@code {"stale": true}} is accepted (restart only). */
    @Retention(RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(ElementType.RECORD_COMPONENT)
    public @interface AllowStale {}

    /** The params members a {@link Target} reads, in the order they are documented. */
    static final List<String> SELECTORS = List.of("session", "sessions", "all", "stale");

    private Params() {}

    /** Decodes {@code params} (an object, or null when omitted) into {@code type}. */
    public static <P extends Record> P decode(JsonNode params, Class<P> type) throws RpcException {
        ObjectNode object = asObject(params);
        List<String> names = new ArrayList<>();
        P value = readRecord(object, type, "", names);
        for (String name : names) {
            SessionName.require(name);
        }
        return value;
    }

    /** For methods without params: accepts omitted params or {@code {}}, refuses any member. */
    public static void requireNone(JsonNode params) throws RpcException {
        ObjectNode object = asObject(params);
        Iterator<String> names = object.fieldNames();
        if (names.hasNext()) {
            String name = names.next();
            throw RpcException.invalidParams(name, "unknown member " + SessionName.quote(name)
                    + ": this method takes no params");
        }
    }

    /**
     * The wire form of a params record, as a client sends it: members in component order, a
     * {@link Target} spread into its selector, null members left out.
     */
    public static ObjectNode encode(Record params) {
        ObjectNode out = Json.mapper().createObjectNode();
        for (RecordComponent c : params.getClass().getRecordComponents()) {
            Object value;
            try {
                var accessor = c.getAccessor();
                accessor.setAccessible(true);
                value = accessor.invoke(params);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c, e);
            }
            if (value instanceof Target t) {
                out.setAll(t.toJson());
            } else if (value != null) {
                out.set(Json.wireName(c.getName()), Json.mapper().valueToTree(value));
            }
        }
        return out;
    }

    private static ObjectNode asObject(JsonNode params) throws RpcException {
        if (params == null || params.isNull() || params.isMissingNode()) {
            return Json.mapper().createObjectNode();
        }
        if (params.isArray()) {
            throw RpcException.invalidParams("params", "params must be an object: every method takes named params");
        }
        if (!params.isObject()) {
            throw RpcException.invalidParams("params", "params must be an object, got "
                    + SessionSpecParser.describe(params));
        }
        return (ObjectNode) params;
    }

    /** One component of a params record, as decoding needs it. */
    private record Member(RecordComponent component, String wireName, boolean target, boolean allowStale,
            Default dflt, Min min) {}

    /** What decoding needs of a params record class: found by reflection once per class, not per call. */
    private record Shape(Member[] members, Set<String> known, boolean hasTarget, Constructor<?> constructor) {
        static Shape of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Member[] members = new Member[components.length];
            Set<String> known = new LinkedHashSet<>();
            Class<?>[] types = new Class<?>[components.length];
            boolean hasTarget = false;
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                boolean target = c.getType() == Target.class;
                members[i] = new Member(c, Json.wireName(c.getName()), target, c.isAnnotationPresent(AllowStale.class),
                        c.getAnnotation(Default.class), c.getAnnotation(Min.class));
                if (target) {
                    hasTarget = true;
                    known.addAll(selectors(c));
                } else {
                    known.add(members[i].wireName());
                }
            }
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return new Shape(members, Collections.unmodifiableSet(known), hasTarget, constructor);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
            }
        }
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    private static <R extends Record> R readRecord(ObjectNode object, Class<R> type, String prefix, List<String> names)
            throws RpcException {
        Shape shape = SHAPES.get(type);
        Set<String> known = shape.known();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (known.contains(name)) {
                continue;
            }
            if (shape.hasTarget() && name.equals("stale")) {
                throw RpcException.invalidParams(prefix + name, "stale is a target of restart only");
            }
            throw RpcException.invalidParams(prefix + name, "unknown member " + SessionName.quote(name)
                    + (known.isEmpty() ? ": no params are taken here" : "; known: " + String.join(", ", known)));
        }

        Member[] members = shape.members();
        Object[] args = new Object[members.length];
        for (int i = 0; i < members.length; i++) {
            Member m = members[i];
            if (m.target()) {
                args[i] = readTarget(object, prefix, m.allowStale(), names);
                continue;
            }
            String name = m.wireName();
            String path = prefix + name;
            JsonNode node = object.get(name);
            if (node == null || node.isNull()) {
                if (m.dflt() == null) {
                    throw RpcException.invalidParams(path, path + " is required");
                }
                node = parseDefault(m.dflt(), m.component());
                if (node.isNull()) {
                    continue;
                }
            }
            Object value = readValue(node, m.component().getGenericType(), path, names);
            Min min = m.min();
            if (min != null && value instanceof Number n && n.longValue() < min.value()) {
                throw RpcException.invalidParams(path, path + " must be at least " + min.value() + ", got " + n);
            }
            if (name.equals("session") && value instanceof String s) {
                names.add(s);
            }
            args[i] = value;
        }
        try {
            return type.cast(shape.constructor().newInstance(args));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw RpcException.invalidParams(prefix.isEmpty() ? "params" : prefix.substring(0, prefix.length() - 1),
                        bad.getMessage());
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    private static List<String> selectors(RecordComponent target) {
        return target.isAnnotationPresent(AllowStale.class) ? SELECTORS : SELECTORS.subList(0, 3);
    }

    private static Target readTarget(ObjectNode object, String prefix, boolean allowStale, List<String> names)
            throws RpcException {
        List<String> given = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (SELECTORS.contains(e.getKey()) && !e.getValue().isNull()) {
                given.add(e.getKey());
            }
        }
        String choices = allowStale ? "session, sessions, all or stale" : "session, sessions or all";
        if (given.isEmpty()) {
            throw RpcException.invalidParams(prefix + "target", "give one target: " + choices);
        }
        if (given.size() > 1) {
            throw RpcException.invalidParams(prefix + given.get(1),
                    "give exactly one target, got " + String.join(" and ", given));
        }
        String selector = given.getFirst();
        String path = prefix + selector;
        JsonNode node = object.get(selector);
        return switch (selector) {
            case "session" -> {
                String name = (String) readValue(node, String.class, path, names);
                names.add(name);
                yield new Target.Single(name);
            }
            case "sessions" -> {
                List<String> list = readStrings(node, path);
                if (list.isEmpty()) {
                    throw RpcException.invalidParams(path, "sessions must name at least one session");
                }
                names.addAll(list);
                yield new Target.Many(list);
            }
            case "all" -> {
                requireTrue(node, path);
                yield new Target.All();
            }
            default -> {
                requireTrue(node, path);
                yield new Target.Stale();
            }
        };
    }

    private static void requireTrue(JsonNode node, String path) throws RpcException {
        if (!node.isBoolean()) {
            throw RpcException.invalidParams(path, path + ": expected true, got " + SessionSpecParser.describe(node));
        }
        if (!node.booleanValue()) {
            throw RpcException.invalidParams(path, path + " must be true when given; leave it out instead");
        }
    }

    private static List<String> readStrings(JsonNode node, String path) throws RpcException {
        if (!node.isArray()) {
            throw mismatch(path, "an array of strings", node);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode e = node.get(i);
            if (!e.isTextual()) {
                throw mismatch(path + "[" + i + "]", "a string", e);
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static JsonNode parseDefault(Default d, RecordComponent c) {
        try {
            return Json.mapper().readTree(d.value());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("@Default of " + c + " is not JSON: " + d.value(), e);
        }
    }

    private static Object readValue(JsonNode node, Type type, String path, List<String> names) throws RpcException {
        Class<?> raw = raw(type);
        if (raw == String.class) {
            if (!node.isTextual()) {
                throw mismatch(path, "a string", node);
            }
            return node.textValue();
        }
        if (raw == int.class || raw == Integer.class) {
            if (!node.isIntegralNumber()) {
                throw mismatch(path, "an integer", node);
            }
            if (!node.canConvertToInt()) {
                throw RpcException.invalidParams(path, path + " is out of range: " + node.asText());
            }
            return node.intValue();
        }
        if (raw == long.class || raw == Long.class) {
            if (!node.isIntegralNumber()) {
                throw mismatch(path, "an integer", node);
            }
            if (!node.canConvertToLong()) {
                throw RpcException.invalidParams(path, path + " is out of range: " + node.asText());
            }
            return node.longValue();
        }
        if (raw == double.class || raw == Double.class) {
            if (!node.isNumber()) {
                throw mismatch(path, "a number", node);
            }
            return node.doubleValue();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (!node.isBoolean()) {
                throw mismatch(path, "a boolean", node);
            }
            return node.booleanValue();
        }
        if (raw.isEnum() && WireEnum.class.isAssignableFrom(raw)) {
            List<String> words = WireEnum.words(raw.asSubclass(WireEnum.class));
            String expected = "one of " + words.stream().map(SessionName::quote).collect(Collectors.joining(", "));
            if (node.isTextual()) {
                for (Object constant : raw.getEnumConstants()) {
                    if (((WireEnum) constant).wire().equals(node.textValue())) {
                        return constant;
                    }
                }
            }
            throw mismatch(path, expected, node);
        }
        if (raw == Instant.class) {
            if (node.isTextual()) {
                try {
                    return Instant.parse(node.textValue());
                } catch (DateTimeParseException e) {
                    // reported below
                }
            }
            throw mismatch(path, "an RFC 3339 timestamp", node);
        }
        if (raw == List.class) {
            if (!node.isArray()) {
                throw mismatch(path, "an array", node);
            }
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                out.add(readValue(node.get(i), element, path + "[" + i + "]", names));
            }
            if (path.equals("sessions") || path.endsWith(".sessions")) {
                out.forEach(n -> names.add((String) n));
            }
            return out;
        }
        if (raw == Map.class) {
            if (!node.isObject()) {
                throw mismatch(path, "an object", node);
            }
            Type valueType = ((ParameterizedType) type).getActualTypeArguments()[1];
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : node.properties()) {
                out.put(e.getKey(), readValue(e.getValue(), valueType, path + "." + e.getKey(), names));
            }
            return out;
        }
        if (raw.isRecord()) {
            if (!node.isObject()) {
                throw mismatch(path, "an object", node);
            }
            return readRecord((ObjectNode) node, raw.asSubclass(Record.class), path + ".", names);
        }
        if (JsonNode.class.isAssignableFrom(raw)) {
            return node;
        }
        throw new IllegalStateException("no params decoding for " + type + " at " + path);
    }

    private static RpcException mismatch(String path, String expected, JsonNode got) {
        return RpcException.invalidParams(path,
                path + ": expected " + expected + ", got " + SessionSpecParser.describe(got));
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported type " + type);
    }
}
