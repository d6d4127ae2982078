package wire.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.stream.Collectors;

/**
 * The OpenRPC 1.x document (https://spec.open-rpc.org) that {@code rpc.discover} answers with,
 * generated from {@link Methods} and the records' components, so the published schema is the code.
 *
 * <p>Params are by name: each member is one content descriptor. A {@link Target} becomes its
 * selectors ({@code session}, {@code sessions}, {@code all}, and {@code stale} for restart), none
 * required, with exactly one to be given. Notifications, which OpenRPC has no place for, are
 * listed under {@code x-notifications}; each method names the ones it produces likewise.
 */
public final class OpenRpc {
    public static final String OPENRPC_VERSION = "1.3.2";
    /** Where OpenRPC's own meta-schema lives: the conventional result schema of rpc.discover. */
    public static final String META_SCHEMA =
            "https://raw.githubusercontent.com/open-rpc/meta-schema/master/schema.json";

    /** {@code List<String>}, as {@link Target.Many#sessions()} declares it. */
    private static final Type LIST_OF_STRINGS = Target.Many.class.getRecordComponents()[0].getGenericType();

    private static final ObjectNode DOCUMENT = build();

    private OpenRpc() {}

    /** A fresh copy of the document; callers may change it freely. */
    public static ObjectNode document() {
        return DOCUMENT.deepCopy();
    }

    private static ObjectNode build() {
        JsonSchemas schemas = new JsonSchemas();
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("openrpc", OPENRPC_VERSION);
        doc.putObject("info")
                .put("title", "wire supervisor protocol")
                .put("version", String.valueOf(Methods.PROTOCOL_VERSION))
                .put("description", "JSON-RPC 2.0 over a Unix socket, one JSON value per line: the contract"
                        + " between the wire supervisor daemon and its clients (PROTOCOL.md).");
        ArrayNode methods = doc.putArray("methods");
        for (Methods.MethodInfo m : Methods.all()) {
            methods.add(method(m, schemas));
        }
        ArrayNode notifications = doc.putArray("x-notifications");
        for (Methods.NotificationInfo n : Methods.notifications()) {
            ObjectNode o = notifications.addObject();
            o.put("name", n.name()).put("summary", n.summary());
            o.set("params", params(n.params(), schemas));
        }
        ObjectNode components = doc.putObject("components");
        components.set("schemas", schemas.definitions());
        ObjectNode errors = components.putObject("errors");
        for (ErrorCode e : ErrorCode.values()) {
            errors.putObject(e.wireName()).put("code", e.code()).put("message", e.wireName());
        }
        return doc;
    }

    private static ObjectNode method(Methods.MethodInfo m, JsonSchemas schemas) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("name", m.name()).put("summary", m.summary()).put("paramStructure", "by-name");
        o.set("params", m.params() == null ? Json.mapper().createArrayNode() : params(m.params(), schemas));
        ObjectNode result = o.putObject("result");
        if (m.name().equals(Methods.DISCOVER)) {
            result.put("name", "OpenRPC document");
            result.putObject("schema").put("$ref", META_SCHEMA);
        } else if (m.results().size() == 1) {
            result.put("name", m.results().getFirst().getSimpleName());
            result.set("schema", schemas.of(m.results().getFirst(), false));
        } else {
            result.put("name", m.results().stream().map(Class::getSimpleName).collect(Collectors.joining(" | ")));
            result.put("description", "SessionStatus for a single session target, BulkResult for the others");
            ArrayNode oneOf = result.putObject("schema").putArray("oneOf");
            m.results().forEach(r -> oneOf.add(schemas.of(r, false)));
        }
        ArrayNode errors = o.putArray("errors");
        for (ErrorCode e : m.errors()) {
            errors.addObject().put("$ref", "#/components/errors/" + e.wireName());
        }
        if (!m.notifications().isEmpty()) {
            ArrayNode n = o.putArray("x-notifications");
            m.notifications().forEach(n::add);
        }
        return o;
    }

    /** One content descriptor per member of {@code type}, a {@link Target} spread into its selectors. */
    private static ArrayNode params(Class<? extends Record> type, JsonSchemas schemas) {
        ArrayNode out = Json.mapper().createArrayNode();
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getType() == Target.class) {
                boolean stale = c.isAnnotationPresent(Params.AllowStale.class);
                String one = "A target selector: give exactly one of session, sessions, all"
                        + (stale ? ", stale." : ".");
                out.add(descriptor("session", schemas.of(String.class, false), false, one));
                ObjectNode many = schemas.of(LIST_OF_STRINGS, false);
                many.put("minItems", 1);
                out.add(descriptor("sessions", many, false, one));
                out.add(descriptor("all", constTrue(), false, one));
                if (stale) {
                    out.add(descriptor("stale", constTrue(), false, one + " Sessions whose running binary is stale."));
                }
                continue;
            }
            out.add(descriptor(Json.wireName(c.getName()), schemas.member(c), JsonSchemas.isRequired(c), null));
        }
        return out;
    }


    private static ObjectNode constTrue() {
        return Json.mapper().createObjectNode().put("type", "boolean").put("const", true);
    }

    private static ObjectNode descriptor(String name, JsonNode schema, boolean required, String description) {
        ObjectNode d = Json.mapper().createObjectNode();
        d.put("name", name);
        if (description != null) {
            d.put("description", description);
        }
        d.put("required", required);
        d.set("schema", schema);
        return d;
    }
}
