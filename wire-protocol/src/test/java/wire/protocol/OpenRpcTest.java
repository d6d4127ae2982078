package wire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OpenRpcTest {

    private final ObjectNode doc = OpenRpc.document();

    private JsonNode method(String name) {
        for (JsonNode m : doc.get("methods")) {
            if (m.get("name").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no method " + name);
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> nameMembers(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("name").asText()));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void isAnOpenRpcDocumentThatSurvivesText() throws Exception {
        String text = Json.mapper().writeValueAsString(doc);
        assertEquals(text, Json.mapper().writeValueAsString(Json.mapper().readTree(text)));
        assertTrue(doc.get("openrpc").asText().startsWith("1."));
        assertEquals("1", doc.at("/info/version").asText());
        assertFalse(doc.at("/info/title").asText().isEmpty());
    }

    @Test
    void everyMethodIsInTheDocumentOnce() {
        List<String> inDoc = new ArrayList<>();
        doc.get("methods").forEach(m -> inDoc.add(m.get("name").asText()));
        assertEquals(Methods.all().stream().map(Methods.MethodInfo::name).toList(), inDoc);
        assertEquals(inDoc.size(), new HashSet<>(inDoc).size());
        for (JsonNode m : doc.get("methods")) {
            assertEquals(Methods.find(m.get("name").asText()).orElseThrow().summary(), m.get("summary").asText());
            assertTrue(m.get("params").isArray());
            assertTrue(m.get("result").has("schema"));
        }
    }

    @Test
    void everyNotificationIsInTheDocumentOnce() {
        assertEquals(List.of("log", "log_end", "session_state", "subscription_end"),
                nameMembers(doc.get("x-notifications")));
        assertEquals(List.of("log", "log_end"), texts(method("logs").get("x-notifications")));
    }

    @Test
    void everyRefResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            if (ref.equals(OpenRpc.META_SCHEMA)) {
                continue;
            }
            assertTrue(ref.startsWith("#/"), ref);
            JsonNode target = doc.at(ref.substring(1));
            assertFalse(target.isMissingNode(), "unresolved " + ref);
            assertFalse(target.isEmpty(), "empty target " + ref);
        }
        assertEquals(OpenRpc.META_SCHEMA, method("rpc.discover").at("/result/schema/$ref").asText());
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject() && node.has("$ref")) {
            out.add(node.get("$ref").asText());
        }
        for (JsonNode child : node) {
            collectRefs(child, out);
        }
    }

    @Test
    void sessionStatusSchemaListsExactlyTheFieldsTheMapperWrites() {
        JsonNode schema = doc.at("/components/schemas/SessionStatus");
        List<String> written = names(Json.mapper().valueToTree(Samples.stopped("db")));
        assertEquals(22, written.size());
        assertEquals(written, names(schema.get("properties")));
        assertEquals(written, texts(schema.get("required")));
        assertFalse(schema.get("additionalProperties").asBoolean());
    }

    @ParameterizedTest
    @MethodSource("wire.protocol.RecordJsonTest#records")
    void everyRecordSchemaCoversWhatTheMapperWrites(Record sample) {
        Set<String> written = new TreeSet<>(names(Json.mapper().valueToTree(sample)));
        JsonNode schema = doc.at("/components/schemas/" + sample.getClass().getSimpleName());
        Set<String> properties;
        List<String> required = new ArrayList<>();
        if (schema.isMissingNode()) { // a notification: described by its params
            String name = Methods.notifications().stream().filter(n -> n.params() == sample.getClass())
                    .findFirst().orElseThrow(() -> new AssertionError("no schema for " + sample)).name();
            JsonNode params = null;
            for (JsonNode n : doc.get("x-notifications")) {
                params = n.get("name").asText().equals(name) ? n.get("params") : params;
            }
            properties = new TreeSet<>(nameMembers(params));
            params.forEach(d -> {
                if (d.get("required").asBoolean()) {
                    required.add(d.get("name").asText());
                }
            });
        } else {
            properties = new TreeSet<>(names(schema.get("properties")));
            required.addAll(texts(schema.get("required")));
        }
        assertTrue(properties.containsAll(written), () -> properties + " vs " + written);
        assertTrue(written.containsAll(required), () -> written + " vs " + required);
    }

    @Test
    void nullableFieldsSayNull() {
        JsonNode p = doc.at("/components/schemas/SessionStatus/properties");
        assertEquals("[\"integer\",\"null\"]", p.get("pid").get("type").toString());
        assertEquals("[\"string\",\"null\"]", p.get("owner").get("type").toString());
        assertTrue(texts(p.get("owner").get("enum")).contains("adopted"));
        assertEquals("string", p.get("name").get("type").asText());
        assertEquals("date-time", p.get("started_at").get("format").asText());
        assertEquals("#/components/schemas/LastExit", p.at("/last_exit/oneOf/0/$ref").asText());
        assertEquals("null", p.at("/last_exit/oneOf/1/type").asText());
        assertEquals("[\"always\",\"on-failure\",\"never\"]", p.at("/restart/enum").toString());
        assertEquals("string", p.at("/command/items/type").asText());
    }

    @Test
    void optionalOutputMembersAreNotRequired() {
        JsonNode entry = doc.at("/components/schemas/BulkEntry");
        assertEquals(List.of("session", "ok"), texts(entry.get("required")));
        assertEquals(List.of("path", "message"), texts(doc.at("/components/schemas/ConfigProblem/required")));
    }

    @Test
    void paramsCarryRequirednessDefaultsAndMinimums() {
        JsonNode params = method("logs").get("params");
        assertEquals(List.of("session", "tail", "follow", "stream"), nameMembers(params));
        assertTrue(params.get(0).get("required").asBoolean());
        assertFalse(params.get(1).get("required").asBoolean());
        assertEquals(100, params.get(1).at("/schema/default").asInt());
        assertEquals(0, params.get(1).at("/schema/minimum").asInt());
        assertEquals("both", params.get(3).at("/schema/default").asText());
        assertTrue(method("version").get("params").isEmpty());
    }

    @Test
    void targetsBecomeTheirSelectorsAndStaleIsForRestartOnly() {
        assertEquals(List.of("session", "sessions", "all"), nameMembers(method("start").get("params")));
        assertEquals(List.of("session", "sessions", "all", "grace_seconds"),
                nameMembers(method("stop").get("params")));
        assertEquals(List.of("session", "sessions", "all", "stale"),
                nameMembers(method("restart").get("params")));
        assertEquals(2, method("restart").at("/result/schema/oneOf").size());
    }

    @Test
    void applicationErrorsAreIncluded() {
        JsonNode errors = doc.at("/components/errors");
        for (ErrorCode e : ErrorCode.values()) {
            assertEquals(e.code(), errors.get(e.wireName()).get("code").asInt());
        }
        assertTrue(method("start").get("errors").findValuesAsText("$ref")
                .contains("#/components/errors/spawn_failed"));
    }

    @Test
    void documentIsACopyEachTime() {
        ObjectNode first = OpenRpc.document();
        first.put("openrpc", "changed");
        assertEquals(OpenRpc.OPENRPC_VERSION, OpenRpc.document().get("openrpc").asText());
    }

    @Test
    void mapsOfStringsBecomeObjectsOfStrings() {
        record WithMap(Map<String, String> env, Instant at, double ratio, Boolean maybe) {}
        JsonSchemas schemas = new JsonSchemas();
        schemas.ref(WithMap.class);
        JsonNode p = schemas.definitions().at("/WithMap/properties");
        assertEquals("object", p.at("/env/type").asText());
        assertEquals("string", p.at("/env/additionalProperties/type").asText());
        assertEquals("number", p.at("/ratio/type").asText());
        assertEquals("[\"boolean\",\"null\"]", p.at("/maybe/type").toString());
    }
}
