package wire.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema (draft 7, as OpenRPC 1.x uses) of the protocol's records, made by reflection so that
 * it cannot drift from what {@link Json#mapper()} writes. Records become {@code $ref}s into
 * {@link #definitions()}; names are the records' simple names. Not thread-safe: one per document.
 */
final class JsonSchemas {
    static final String REF_PREFIX = "#/components/schemas/";

    private final ObjectNode definitions = Json.mapper().createObjectNode();

    /** The schemas of every record referenced so far, keyed by name. */
    ObjectNode definitions() {
        return definitions;
    }

    /** {@code {"$ref": ...}} to {@code type}'s schema, defining it (and what it uses) on first use. */
    ObjectNode ref(Class<?> type) {
        String name = type.getSimpleName();
        if (!definitions.has(name)) {
            definitions.putObject(name); // placeholder: stops recursion
            definitions.set(name, record(type));
        }
        return Json.mapper().createObjectNode().put("$ref", REF_PREFIX + name);
    }

    private ObjectNode record(Class<?> type) {
        ObjectNode schema = Json.mapper().createObjectNode();
        schema.put("type", "object").put("title", type.getSimpleName());
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = Json.mapper().createArrayNode();
        for (RecordComponent c : type.getRecordComponents()) {
            String name = Json.wireName(c.getName());
            properties.set(name, member(c));
            if (isRequired(c)) {
                required.add(name);
            }
        }
        schema.set("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    /** A record component's schema: nullability, default and minimum included. */
    ObjectNode member(RecordComponent c) {
        ObjectNode schema = of(c.getGenericType(), isNullable(c));
        Params.Default d = c.getAnnotation(Params.Default.class);
        if (d != null) {
            schema.set("default", parse(d.value()));
        }
        Params.Min min = c.getAnnotation(Params.Min.class);
        if (min != null) {
            schema.put("minimum", min.value());
        }
        return schema;
    }

    /** Present in every JSON form of the record: not optional, not left out when null. */
    static boolean isRequired(RecordComponent c) {
        JsonInclude include = jsonInclude(c);
        boolean omittedWhenNull = include != null && include.value() != JsonInclude.Include.ALWAYS;
        return !omittedWhenNull && !c.isAnnotationPresent(Params.Default.class);
    }

    static boolean isNullable(RecordComponent c) {
        JsonInclude include = jsonInclude(c);
        if (include != null && include.value() == JsonInclude.Include.NON_NULL) {
            return false; // left out rather than null
        }
        Class<?> t = c.getType();
        boolean boxed = t == Integer.class || t == Long.class || t == Double.class || t == Boolean.class;
        Params.Default d = c.getAnnotation(Params.Default.class);
        return boxed || c.isAnnotationPresent(Nullable.class) || (d != null && d.value().equals("null"));
    }

    /**
     * {@code @JsonInclude} as Jackson sees it: the annotation cannot target a record component, so
     * Java moves it onto the accessor (and field) instead.
     */
    private static JsonInclude jsonInclude(RecordComponent c) {
        return c.getAccessor().getAnnotation(JsonInclude.class);
    }

    /** The schema of a Java type as {@link Json#mapper()} writes it. */
    ObjectNode of(Type type, boolean nullable) {
        Class<?> raw = Params.raw(type);
        ObjectNode s = Json.mapper().createObjectNode();
        if (raw == String.class) {
            return typed(s, "string", nullable);
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return typed(s, "integer", nullable);
        }
        if (raw == double.class || raw == Double.class) {
            return typed(s, "number", nullable);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return typed(s, "boolean", nullable);
        }
        if (raw == Instant.class) {
            return typed(s, "string", nullable).put("format", "date-time");
        }
        if (raw.isEnum() && WireEnum.class.isAssignableFrom(raw)) {
            typed(s, "string", nullable);
            ArrayNode values = s.putArray("enum");
            WireEnum.words(raw.asSubclass(WireEnum.class)).forEach(values::add);
            if (nullable) {
                values.addNull();
            }
            return s;
        }
        if (raw == List.class) {
            typed(s, "array", nullable);
            s.set("items", of(((ParameterizedType) type).getActualTypeArguments()[0], false));
            return s;
        }
        if (raw == Map.class) {
            typed(s, "object", nullable);
            s.set("additionalProperties", of(((ParameterizedType) type).getActualTypeArguments()[1], false));
            return s;
        }
        if (raw.isRecord()) {
            ObjectNode ref = ref(raw);
            if (!nullable) {
                return ref;
            }
            ArrayNode oneOf = s.putArray("oneOf");
            oneOf.add(ref);
            oneOf.addObject().put("type", "null");
            return s;
        }
        if (JsonNode.class.isAssignableFrom(raw)) {
            return s; // any JSON value
        }
        throw new IllegalStateException("no JSON Schema mapping for " + type);
    }

    private static ObjectNode typed(ObjectNode s, String type, boolean nullable) {
        if (nullable) {
            s.putArray("type").add(type).add("null");
        } else {
            s.put("type", type);
        }
        return s;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }
}
