package wire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every result and notification record written by Json.mapper() and read back equal. */
class RecordJsonTest {

    static Stream<Record> records() {
        SessionStatus api = Samples.running("api");
        RpcError notFound = RpcError.of(ErrorCode.SESSION_NOT_FOUND, "no session named gone",
                Json.mapper().createObjectNode().put("session", "gone"));
        return Stream.of(
                api,
                Samples.stopped("db"),
                new LastExit(null, "KILL", Samples.T0, null),
                Samples.supervisor(),
                new Unmanaged(77, "/r/sessions/x", "wire daemon"),
                new VersionResult("0.1.0", 1, 100, Samples.T0, "25.0.1"),
                new ListResult(Samples.supervisor(), List.of(api, Samples.stopped("db")),
                        List.of(new Unmanaged(77, "/r/sessions/x", "wire daemon"))),
                new BulkResult(List.of(BulkEntry.succeeded(api), BulkEntry.failed("gone", notFound, null),
                        BulkEntry.failed("db", RpcError.of(ErrorCode.STOP_TIMEOUT, "still alive", null),
                                Samples.stopped("db")))),
                new ReloadResult(List.of("new"), List.of("old"), List.of("api"), List.of("db"),
                        List.of(new InvalidSession("bad", List.of(new ConfigProblem(null, "$.log_keep", "m"),
                                new ConfigProblem("/r/sessions/bad/session.json", "$", "n"))))),
                new SubscriptionResult("sub-1"),
                new CancelResult(true),
                new ShutdownResult(List.of("api", "db")),
                LogNotification.line("sub-1", "api", LogStream.STDOUT, "hello \"world\"", Samples.T0),
                LogNotification.line("sub-1", "api", LogStream.STDERR, "", null),
                LogNotification.dropped("sub-1", "api", LogStream.STDOUT, 12, Samples.T0),
                new LogEnd("sub-1", LogEnd.Reason.SESSION_REMOVED),
                new SessionStateNotification("sub-2", "api", SessionState.STARTING, SessionState.RUNNING, Samples.T0, api),
                new SessionStateNotification("sub-2", "new", null, SessionState.STOPPED, Samples.T0,
                        Samples.stopped("new")),
                new SubscriptionEnd("sub-2", SubscriptionEnd.Reason.SHUTDOWN));
    }

    @ParameterizedTest
    @MethodSource("records")
    void writtenAndReadBackEqual(Record r) throws Exception {
        String json = Json.mapper().writeValueAsString(r);
        assertFalse(json.contains("\n"), "one line");
        assertEquals(r, Json.mapper().readValue(json, r.getClass()));
    }

    @ParameterizedTest
    @MethodSource("records")
    void noCamelCaseNameReachesTheWire(Record r) {
        List<String> names = new ArrayList<>();
        collectNames(Json.mapper().valueToTree(r), names);
        for (String name : names) {
            assertEquals(name.toLowerCase(java.util.Locale.ROOT), name, () -> "in " + r);
        }
    }

    private static void collectNames(JsonNode node, List<String> out) {
        for (var e : node.properties()) {
            out.add(e.getKey());
            collectNames(e.getValue(), out);
        }
        for (JsonNode child : node) {
            if (child.isContainerNode()) {
                collectNames(child, out);
            }
        }
    }

    @Test
    void sessionStatusWritesAll22FieldsEvenWhenNull() {
        JsonNode node = Json.mapper().valueToTree(Samples.stopped("db"));
        assertEquals(List.of("name", "state", "desired", "owner", "pid", "pgid", "started_at", "uptime_secs",
                        "restart_count", "last_exit", "next_start_in_secs", "home_dir", "cwd", "bound", "eligible",
                        "ineligible_reason", "last_sync_age_seconds", "daemon_version", "stale_binary", "command",
                        "restart", "last_error"),
                iterableNames(node));
        assertTrue(node.get("owner").isNull());
        assertTrue(node.get("last_exit").isNull());
        assertEquals("stopped", node.get("state").asText());
    }

    @Test
    void sessionStatusWritesWireWordsAndTimestamps() {
        JsonNode node = Json.mapper().valueToTree(Samples.running("api"));
        assertEquals("on-failure", node.get("restart").asText());
        assertEquals("supervisor", node.get("owner").asText());
        assertEquals("2024-05-01T12:00:00Z", node.get("started_at").asText());
        assertEquals(List.of("code", "signal", "at", "lived_secs"), iterableNames(node.get("last_exit")));
    }

    @Test
    void bulkEntryLeavesAbsentStatusAndErrorOut() {
        RpcError err = RpcError.of(ErrorCode.SESSION_NOT_FOUND, "no session named x", null);
        JsonNode failed = Json.mapper().valueToTree(BulkEntry.failed("x", err, null));
        assertEquals(List.of("session", "ok", "error"), iterableNames(failed));
        assertEquals(List.of("code", "message", "data"), iterableNames(failed.get("error")));
        assertEquals(-32001, failed.get("error").get("code").asInt());
        JsonNode ok = Json.mapper().valueToTree(BulkEntry.succeeded(Samples.running("api")));
        assertEquals(List.of("session", "ok", "status"), iterableNames(ok));
        assertEquals(List.of("results"), iterableNames(Json.mapper().valueToTree(new BulkResult(List.of()))));
    }

    @Test
    void bulkEntryMustMatchOkToError() {
        RpcError err = RpcError.of(ErrorCode.SPAWN_FAILED, "no such file", null);
        assertThrows(IllegalArgumentException.class, () -> new BulkEntry("a", true, null, err));
        assertThrows(IllegalArgumentException.class, () -> new BulkEntry("a", false, null, null));
    }

    @Test
    void logLineLeavesDroppedOutAndADropNoticeCarriesNoLine() {
        JsonNode line = Json.mapper().valueToTree(LogNotification.line("s", "api", LogStream.STDOUT, "x", null));
        assertEquals(List.of("subscription", "session", "stream", "line"), iterableNames(line));
        JsonNode drop = Json.mapper().valueToTree(LogNotification.dropped("s", "api", LogStream.STDERR, 3, Samples.T0));
        assertEquals(List.of("subscription", "session", "stream", "line", "at", "dropped"), iterableNames(drop));
        assertTrue(drop.get("line").isNull());
        assertEquals(3, drop.get("dropped").asLong());
    }

    @Test
    void logNotificationRefusesImpossibleShapes() {
        assertThrows(IllegalArgumentException.class,
                () -> new LogNotification("s", "a", LogStream.BOTH, "x", null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new LogNotification("s", "a", LogStream.STDOUT, "x", null, 2L));
        assertThrows(IllegalArgumentException.class,
                () -> new LogNotification("s", "a", LogStream.STDOUT, null, null, 0L));
        assertThrows(IllegalArgumentException.class, () -> LogNotification.line("s", "a", LogStream.STDOUT,
                "x".repeat(LogNotification.MAX_LINE_CHARS + 1), null));
    }

    @Test
    void reasonsUseTheirWireWords() {
        assertEquals("session_removed",
                Json.mapper().valueToTree(new LogEnd("s", LogEnd.Reason.SESSION_REMOVED)).get("reason").asText());
        assertEquals(List.of("complete", "cancelled", "session_removed", "shutdown"), WireEnum.words(LogEnd.Reason.class));
        assertEquals(List.of("cancelled", "shutdown"), WireEnum.words(SubscriptionEnd.Reason.class));
    }

    @Test
    void unknownMembersInAReplyAreRefused() {
        assertThrows(Exception.class,
                () -> Json.mapper().readValue("{\"cancelled\":true,\"extra\":1}", CancelResult.class));
    }

    @Test
    void responseErrorFlagIsNotWrittenOverTheErrorMember() {
        JsonNode ok = Json.mapper().valueToTree(Response.success(Json.mapper().getNodeFactory().numberNode(1),
                Json.mapper().createObjectNode()));
        assertTrue(ok.get("error").isNull(), ok::toString);
        RpcError err = RpcError.of(ErrorCode.SHUTTING_DOWN, "shutting down", null);
        JsonNode failed = Json.mapper().valueToTree(Response.failure(null, err));
        assertEquals(-32005, failed.get("error").get("code").asInt());
    }

    private static List<String> iterableNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
