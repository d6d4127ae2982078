package wire.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import wire.protocol.ErrorCode;
import wire.protocol.Json;
import wire.protocol.Methods;
import wire.protocol.Params;
import wire.protocol.RpcException;
import wire.protocol.SessionName;
import wire.protocol.Target;

/**
 * A method's params decoded as the daemon decodes them ({@link Params#decode},
 * {@link Params#requireNone}), with what must hold for any input: a decoded record took only
 * members its method knows, names only valid sessions, and survives encode then decode; a refusal
 * is {@code -32602} naming the member ({@code data.field}) or {@code -32006} naming the bad name.
 * Anything else (another exception, another code) is a finding.
 */
final class CheckedParams {
    /** The members a {@link Target} reads among the params (PROTOCOL.md, Methods). */
    private static final List<String> SELECTORS = List.of("session", "sessions", "all", "stale");

    private CheckedParams() {}

    /** The params as a client would send them after decoding, or null for a method without params. */
    static JsonNode decode(String method, JsonNode params) throws RpcException {
        Methods.MethodInfo info = Methods.find(method)
                .orElseThrow(() -> new RpcException(ErrorCode.METHOD_NOT_FOUND, "Method not found", null));
        try {
            if (!info.takesParams()) {
                Params.requireNone(params);
                assertTrue(params == null || params.isNull() || params.isEmpty(), "members accepted by " + method);
                return null;
            }
            Record decoded = Params.decode(params, info.params());
            assertOnlyKnownMembers(params, info.params());
            JsonNode encoded = Params.encode(decoded);
            assertOnlyValidNames(encoded);
            Record again = Params.decode(encoded, info.params());
            assertEquals(decoded, again, "params do not survive encode then decode: " + encoded);
            return encoded;
        } catch (RpcException e) {
            assertRefusalNamesTheCulprit(e);
            throw e;
        }
    }

    private static void assertOnlyKnownMembers(JsonNode params, Class<? extends Record> type) {
        if (params == null || !params.isObject()) {
            return;
        }
        Set<String> known = new HashSet<>();
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getType() == Target.class) {
                known.addAll(SELECTORS);
            } else {
                known.add(Json.wireName(c.getName()));
            }
        }
        for (Iterator<String> names = params.fieldNames(); names.hasNext();) {
            String name = names.next();
            assertTrue(known.contains(name) || params.get(name).isNull(), "unknown member accepted: " + name);
        }
    }

    private static void assertOnlyValidNames(JsonNode encoded) {
        List<JsonNode> names = new java.util.ArrayList<>();
        if (encoded.has("session")) {
            names.add(encoded.get("session"));
        }
        encoded.path("sessions").forEach(names::add);
        for (JsonNode name : names) {
            assertTrue(SessionName.isValid(name.asText()), "an invalid session name accepted: " + name);
        }
    }

    private static void assertRefusalNamesTheCulprit(RpcException e) {
        assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a refusal without a message");
        if (e.code() == ErrorCode.INVALID_PARAMS.code()) {
            // A member may be named "" (an unknown one is reported by its own name), so present, not non-empty.
            assertTrue(e.data().path("field").isTextual(), "-32602 without data.field: " + e.getMessage());
        } else if (e.code() == ErrorCode.INVALID_SESSION_NAME.code()) {
            assertFalse(SessionName.isValid(e.data().path("session").asText("a")),
                    "-32006 for a valid name: " + e.data());
        } else {
            throw new AssertionError("params refused with " + e.code() + ": " + e.getMessage());
        }
    }
}
