package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static wire.it.ItSupport.json;
import static wire.it.ItSupport.notification;
import static wire.it.ItSupport.reply;
import static wire.it.ItSupport.request;
import static wire.it.ItSupport.response;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PROTOCOL.md "JSON-RPC 2.0, in full": every example of the specification's "Examples" section
 * (https://www.jsonrpc.org/specification#examples), with its methods swapped for this protocol's,
 * sent as raw bytes to the real daemon and compared as parsed JSON.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JsonRpcIT {
    @RegisterExtension
    static final SharedSandbox SHARED = new SharedSandbox();

    private static long daemonPid;
    private final WireSandbox sandbox = SHARED.sandbox();

    /** One daemon for the class: "api" is only read; each test that starts a session has its own. */
    @BeforeAll
    static void daemonWithSessions() {
        WireSandbox sandbox = SHARED.sandbox();
        for (String name : new String[] {"api", "notified", "batched", "probe"}) {
            ItSupport.quietSession(sandbox, name);
        }
        daemonPid = sandbox.startDaemon().pid();
    }

    @Test
    void callWithNamedParamsAnswersWithTheSameId() throws Exception {
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send("{\"jsonrpc\": \"2.0\", \"method\": \"status\", \"params\": {\"session\": \"api\"}, \"id\": 3}\n");
            JsonNode r = reply(c);
            assertEquals("2.0", r.path("jsonrpc").asText());
            assertEquals(3, r.path("id").asInt());
            assertEquals("api", r.path("result").path("name").asText());
            assertEquals("stopped", r.path("result").path("state").asText());
            assertFalse(r.has("error"), r.toString());
        }
    }

    @Test
    void notificationIsCarriedOutAndNeverAnswered() throws Exception {
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send(notification("start", "{\"session\": \"notified\"}"));
            // Not even a failing notification is answered.
            c.send(notification("foobar", null));
            c.send(notification("status", "[\"api\"]"));
            c.send(notification("status", "{\"session\": \"nope\"}"));
            c.send(request("after", "version"));
            JsonNode r = reply(c);
            // The first line back answers the request: the notification got nothing.
            assertEquals("after", r.path("id").asText());
            assertEquals(daemonPid, r.path("result").path("pid").asLong());
        }
        Awaits.await().until(() -> sandbox.status("notified").path("state").asText().equals("running"));
    }

    @Test
    void unknownMethodIsMethodNotFound() throws Exception {
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send("{\"jsonrpc\": \"2.0\", \"method\": \"foobar\", \"id\": \"1\"}\n");
            JsonNode r = reply(c);
            assertEquals(-32601, r.path("error").path("code").asInt());
            assertEquals("1", r.path("id").textValue());
        }
    }

    @Test
    void invalidJsonIsParseErrorWithNullId() throws Exception {
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send("{\"jsonrpc\": \"2.0\", \"method\": \"foobar, \"params\": \"bar\", \"baz]\n");
            JsonNode r = reply(c);
            assertEquals(-32700, r.path("error").path("code").asInt());
            assertTrue(r.has("id") && r.get("id").isNull(), r.toString());
        }
    }

    @Test
    void invalidRequestObjectIsInvalidRequestWithNullId() throws Exception {
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send("{\"jsonrpc\": \"2.0\", \"method\": 1, \"params\": \"bar\"}\n");
            JsonNode r = reply(c);
            assertEquals(-32600, r.path("error").path("code").asInt());
            assertTrue(r.get("id").isNull(), r.toString());
            // An id of a type the specification does not allow cannot be echoed either.
            c.send("{\"jsonrpc\": \"2.0\", \"method\": \"version\", \"id\": {\"a\": 1}}\n");
            JsonNode objectId = reply(c);
            assertEquals(-32600, objectId.path("error").path("code").asInt());
            assertTrue(objectId.get("id").isNull(), objectId.toString());
            // jsonrpc "2.0" is required.
            c.send("{\"jsonrpc\": \"1.0\", \"method\": \"version\", \"id\": 9}\n");
            assertEquals(-32600, reply(c).path("error").path("code").asInt());
        }
    }

    @Test
    void batchThatIsInvalidJsonIsOneParseError() throws Exception {
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send("[{\"jsonrpc\": \"2.0\", \"method\": \"status\", \"params\": {\"session\": \"api\"}, \"id\": \"1\"},"
                    + "{\"jsonrpc\": \"2.0\", \"method\"]\n");
            JsonNode r = reply(c);
            assertTrue(r.isObject(), "a single response, not an array: " + r);
            assertEquals(-32700, r.path("error").path("code").asInt());
            assertTrue(r.get("id").isNull());
        }
    }

    @Test
    void emptyBatchIsASingleInvalidRequest() throws Exception {
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send("[]\n");
            JsonNode r = reply(c);
            assertTrue(r.isObject(), "a single response, not an array: " + r);
            assertEquals(-32600, r.path("error").path("code").asInt());
            assertTrue(r.get("id").isNull());
        }
    }

    @Test
    void nonEmptyInvalidBatchesGetOneInvalidRequestPerElement() throws Exception {
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send("[1]\n");
            JsonNode one = reply(c);
            assertTrue(one.isArray(), one.toString());
            assertEquals(1, one.size());
            assertInvalidRequestWithNullId(one.get(0));

            c.send("[1,2,3]\n");
            JsonNode three = reply(c);
            assertTrue(three.isArray(), three.toString());
            assertEquals(3, three.size());
            three.forEach(JsonRpcIT::assertInvalidRequestWithNullId);
        }
    }

    @Test
    void mixedBatchAnswersEveryRequestButNoNotification() throws Exception {
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send("""
                    [{"jsonrpc": "2.0", "method": "version", "id": "1"},\
                    {"jsonrpc": "2.0", "method": "reload"},\
                    {"jsonrpc": "2.0", "method": "status", "params": {"session": "api"}, "id": "2"},\
                    {"foo": "boo"},\
                    {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},\
                    {"jsonrpc": "2.0", "method": "list", "id": "9"}]
                    """);
            JsonNode r = reply(c);
            assertTrue(r.isArray(), r.toString());
            assertEquals(5, r.size(), r.toString());
            Map<String, JsonNode> byId = new HashMap<>();
            JsonNode nullId = null;
            for (JsonNode each : r) {
                if (each.get("id").isNull()) {
                    nullId = each;
                } else {
                    byId.put(each.get("id").textValue(), each);
                }
            }
            assertEquals(Set.of("1", "2", "5", "9"), byId.keySet());
            assertEquals(daemonPid, byId.get("1").path("result").path("pid").asLong());
            assertEquals("api", byId.get("2").path("result").path("name").asText());
            assertEquals(-32601, byId.get("5").path("error").path("code").asInt());
            assertEquals("api", byId.get("9").path("result").path("sessions").get(0).path("name").asText());
            assertInvalidRequestWithNullId(nullId);
        }
    }

    @Test
    void batchOfOnlyNotificationsGetsNoReplyAtAll() throws Exception {
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send("[" + notification("reload", null).strip() + "," + notification("start", "{\"session\":\"batched\"}").strip()
                    + "]\n");
            c.send(request(7, "version"));
            JsonNode r = reply(c);
            assertTrue(r.isObject(), "nothing may answer the batch: " + r);
            assertEquals(7, r.path("id").asInt());
        }
        // The notifications in it were still carried out.
        Awaits.await().until(() -> sandbox.status("batched").path("state").asText().equals("running"));
    }

    @Test
    void byPositionParamsAreInvalidParamsNamingTheField() throws Exception {
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send(request(4, "status", "[\"api\"]"));
            JsonNode r = reply(c);
            assertEquals(4, r.path("id").asInt());
            assertEquals(-32602, r.path("error").path("code").asInt());
            assertEquals("params", r.path("error").path("data").path("field").asText());
        }
    }

    @Test
    void wrongMissingOrUnknownParamsAreInvalidParamsNamingTheField() throws Exception {
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send(request(1, "status", "{\"session\": 5}"));
            c.send(request(2, "status", "{}"));
            c.send(request(3, "status", "{\"session\": \"api\", \"sesion\": \"api\"}"));
            c.send(request(4, "stop", "{\"session\": \"api\", \"grace_seconds\": \"ten\"}"));
            c.send(request(5, "version", "{\"verbose\": true}"));
            Map<Integer, String> fields = Map.of(1, "session", 2, "session", 3, "sesion", 4, "grace_seconds", 5, "verbose");
            for (int id = 1; id <= 5; id++) {
                JsonNode r = reply(c);
                assertEquals(id, r.path("id").asInt(), r.toString());
                assertEquals(-32602, r.path("error").path("code").asInt(), r.toString());
                assertEquals(fields.get(id), r.path("error").path("data").path("field").asText(), r.toString());
            }
        }
    }

    @Test
    void idIsEchoedExactlyForStringNumberAndNull() throws Exception {
        try (RawClient c = new RawClient(sandbox.socket())) {
            for (String id : new String[] {"\"abc\"", "\"\"", "42", "-7", "1.5", "12345678901234567890", "null"}) {
                c.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"version\"}\n");
                String line = c.readLine();
                ItSupport.assertNoStackTrace(line);
                JsonNode r = json(line);
                assertEquals(json(id), r.get("id"), line);
                assertTrue(line.contains("\"id\":" + id + ","), "id bytes echoed as sent: " + line);
                assertTrue(r.has("result"), line);
            }
            // An error reply echoes the id the same way.
            c.send("{\"jsonrpc\":\"2.0\",\"id\":\"x-1\",\"method\":\"nope\"}\n");
            assertEquals("x-1", reply(c).get("id").textValue());
        }
    }

    @Test
    void errorsCarryNoStackTrace() throws Exception {
        String[] bad = {
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\",\"params\":{\"session\":[[[[]]]]}}\n",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"start\",\"params\":{\"session\":\"api\",\"all\":true}}\n",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"stop\",\"params\":{\"session\":\"api\",\"grace_seconds\":-1}}\n",
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"restart\",\"params\":{\"stale\":\"yes\"}}\n",
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"cancel\",\"params\":{\"subscription\":{}}}\n",
            "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"status\",\"params\":{\"session\":\"nope\"}}\n",
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"shutdown\",\"params\":{\"stop_sessions\":\"no\"}}\n",
            "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"subscribe\",\"params\":{\"sessions\":\"api\"}}\n",
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"start\",\"params\":{}}\n",
            "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"reload\",\"params\":{\"x\":null}}\n",
        };
        try (RawClient c = new RawClient(sandbox.socket())) {
            for (String line : bad) {
                c.send(line);
            }
            for (int id = 1; id <= bad.length; id++) {
                JsonNode r = reply(c);
                assertEquals(id, r.path("id").asInt(), r.toString());
                assertTrue(r.path("error").path("code").asInt() < 0, "an error: " + r);
                assertTrue(r.path("error").path("message").isTextual(), r.toString());
            }
        }
        assertEquals(daemonPid, sandbox.call("version", null).path("pid").asLong(), "the daemon still answers");
    }

    @Test
    void discoverReturnsAnOpenRpcDocumentOfEveryMethod() throws Exception {
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send(request(1, "rpc.discover"));
            JsonNode doc = reply(c).path("result");
            assertTrue(doc.path("openrpc").asText().startsWith("1."), doc.path("openrpc").toString());
            assertTrue(doc.path("info").path("version").isTextual(), doc.path("info").toString());
            Set<String> names = new TreeSet<>();
            doc.path("methods").forEach(m -> {
                names.add(m.path("name").asText());
                assertTrue(m.has("params") && m.has("result"), m.toString());
            });
            assertEquals(new TreeSet<>(Set.of("version", "list", "status", "start", "stop", "restart", "reload",
                    "logs", "subscribe", "cancel", "shutdown", "rpc.discover")), names);
        }
    }

    @Test
    void everyDiscoveredMethodIsServedOrHonestlyNotFound() throws Exception {
        JsonNode doc = sandbox.call("rpc.discover", null);
        try (RawClient c = new RawClient(sandbox.socket())) {
            for (JsonNode m : doc.path("methods")) {
                String name = m.path("name").asText();
                if (name.equals("shutdown")) {
                    continue;
                }
                c.send(request(name, name, "{\"session\": \"probe\"}"));
                JsonNode r = response(c);
                assertEquals(name, r.path("id").asText());
                int code = r.path("error").path("code").asInt(0);
                // Known to the daemon: a result, or an error about these params, never "not found"...
                // ...unless the method is not built yet, and then it says so rather than pretend.
                if (code == -32601) {
                    assertEquals(name, r.path("error").path("data").path("method").asText(), r.toString());
                    assertFalse(r.has("result"));
                } else {
                    assertTrue(r.has("result") || code == -32602, r.toString());
                }
            }
        }
    }

    private static void assertInvalidRequestWithNullId(JsonNode r) {
        assertEquals(-32600, r.path("error").path("code").asInt(), String.valueOf(r));
        assertTrue(r.get("id").isNull(), String.valueOf(r));
    }
}
