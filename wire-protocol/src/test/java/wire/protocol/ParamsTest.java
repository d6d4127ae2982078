package wire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ParamsTest {

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static RpcException refused(String params, Class<? extends Record> type) {
        return assertThrows(RpcException.class, () -> Params.decode(json(params), type));
    }

    // --- shape of params ---------------------------------------------------------------------

    @Test
    void absentOrNullParamsAreAnEmptyObject() throws RpcException {
        assertEquals(new ShutdownParams(false), Params.decode(null, ShutdownParams.class));
        assertEquals(new ShutdownParams(false), Params.decode(NullNode.getInstance(), ShutdownParams.class));
        assertEquals(new SubscribeParams(null), Params.decode(json("{}"), SubscribeParams.class));
    }

    @Test
    void positionalParamsAreRefusedBecauseEveryMethodTakesNamedParams() {
        RpcException e = refused("[\"api\"]", SessionParams.class);
        assertEquals(-32602, e.code());
        assertEquals("params", e.data().get("field").asText());
        assertEquals("params must be an object: every method takes named params", e.getMessage());
    }

    @Test
    void scalarParamsAreRefused() {
        RpcException e = refused("\"api\"", SessionParams.class);
        assertEquals(-32602, e.code());
        assertEquals("params", e.data().get("field").asText());
        assertTrue(e.getMessage().contains("got string \"api\""), e.getMessage());
    }

    @Test
    void methodsWithoutParamsAcceptNothingOrAnEmptyObject() throws RpcException {
        Params.requireNone(null);
        Params.requireNone(json("{}"));
        RpcException e = assertThrows(RpcException.class, () -> Params.requireNone(json("{\"verbose\":true}")));
        assertEquals("verbose", e.data().get("field").asText());
        assertEquals(-32602, assertThrows(RpcException.class, () -> Params.requireNone(json("[]"))).code());
    }

    // --- members ----------------------------------------------------------------------------

    /** params, the type, data.field, and a fragment of the message. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"session": "api", "colour": 1}        | SessionParams    | colour          | unknown member "colour"; known: session
            {}                                     | SessionParams    | session         | session is required
            {"session": null}                      | SessionParams    | session         | session is required
            {"session": 7}                         | SessionParams    | session         | expected a string, got number 7
            {"session": "api", "tail": "10"}       | LogsParams       | tail            | tail: expected an integer, got string "10"
            {"session": "api", "tail": 1.5}        | LogsParams       | tail            | expected an integer, got number 1.5
            {"session": "api", "tail": -1}         | LogsParams       | tail            | tail must be at least 0, got -1
            {"session": "api", "tail": 9999999999} | LogsParams       | tail            | tail is out of range
            {"session": "api", "follow": "yes"}    | LogsParams       | follow          | expected a boolean
            {"session": "api", "stream": "all"}    | LogsParams       | stream          | expected one of "stdout", "stderr", "both", got string "all"
            {"sessions": "api"}                    | SubscribeParams  | sessions        | expected an array, got string "api"
            {"sessions": ["a", 2]}                 | SubscribeParams  | sessions[1]     | sessions[1]: expected a string, got number 2
            {"subscription": 3}                    | CancelParams     | subscription    | expected a string
            {"stop_sessions": 1}                   | ShutdownParams   | stop_sessions   | expected a boolean, got number 1
            {"stopSessions": true}                 | ShutdownParams   | stopSessions    | unknown member "stopSessions"; known: stop_sessions
            """)
    void badMembersAreInvalidParamsNamingTheField(String params, String type, String field, String fragment)
            throws ClassNotFoundException {
        RpcException e = refused(params, Class.forName("wire.protocol." + type).asSubclass(Record.class));
        assertEquals(-32602, e.code(), e.getMessage());
        assertEquals(field, e.data().get("field").asText());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void defaultsApplyForOptionalMembers() throws RpcException {
        assertEquals(new LogsParams("api", 100, false, LogStream.BOTH),
                Params.decode(json("{\"session\":\"api\"}"), LogsParams.class));
        assertEquals(LogsParams.of("api"), Params.decode(json("{\"session\":\"api\",\"tail\":null}"), LogsParams.class));
        assertEquals(new LogsParams("api", 0, true, LogStream.STDERR),
                Params.decode(json("{\"session\":\"api\",\"tail\":0,\"follow\":true,\"stream\":\"stderr\"}"),
                        LogsParams.class));
        assertEquals(new StopParams(new Target.All(), null), Params.decode(json("{\"all\":true}"), StopParams.class));
    }

    @Test
    void nestedMembersAreNamedWithDots() {
        record Inner(int n) {}
        record Outer(Inner inner) {}
        RpcException e = refused("{\"inner\": {\"n\": \"x\"}}", Outer.class);
        assertEquals("inner.n", e.data().get("field").asText());
        assertEquals("inner.m", refused("{\"inner\": {\"m\": 1}}", Outer.class).data().get("field").asText());
    }

    // --- session names ----------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"session": "../x"}                        | SessionParams   | ../x
            {"session": "A", "tail": 5}                | LogsParams      | A
            {"sessions": ["ok", "a/b"]}                | SubscribeParams | a/b
            {"session": ""}                            | StartParams     | ``
            {"sessions": ["fine", "-bad"]}             | StopParams      | -bad
            {"session": "Api"}                         | RestartParams   | Api
            """)
    void everyParamThatNamesASessionFollowsTheNameRule(String params, String type, String bad)
            throws ClassNotFoundException {
        RpcException e = refused(params, Class.forName("wire.protocol." + type).asSubclass(Record.class));
        assertEquals(-32006, e.code(), e.getMessage());
        assertEquals(bad == null ? "" : bad, e.data().get("session").asText());
    }

    @Test
    void typeErrorsComeBeforeNameErrors() {
        RpcException e = refused("{\"session\": \"../x\", \"tail\": \"x\"}", LogsParams.class);
        assertEquals(-32602, e.code());
    }

    // --- targets ----------------------------------------------------------------------------

    static Stream<Object[]> targets() {
        return Stream.of(
                new Object[] {"{\"session\":\"api\"}", new Target.Single("api")},
                new Object[] {"{\"sessions\":[\"a\",\"b\"]}", new Target.Many(List.of("a", "b"))},
                new Object[] {"{\"all\":true}", new Target.All()});
    }

    @ParameterizedTest
    @MethodSource("targets")
    void eachSelectorDecodesForStartStopAndRestart(String params, Target expected) throws RpcException {
        assertEquals(new StartParams(expected), Params.decode(json(params), StartParams.class));
        assertEquals(new StopParams(expected, null), Params.decode(json(params), StopParams.class));
        assertEquals(new RestartParams(expected), Params.decode(json(params), RestartParams.class));
    }

    @Test
    void staleIsATargetOfRestartOnly() throws RpcException {
        assertEquals(new RestartParams(new Target.Stale()), Params.decode(json("{\"stale\":true}"), RestartParams.class));
        for (Class<? extends Record> type : List.of(StartParams.class, StopParams.class)) {
            RpcException e = refused("{\"stale\":true}", type);
            assertEquals(-32602, e.code());
            assertEquals("stale", e.data().get("field").asText());
            assertEquals("stale is a target of restart only", e.getMessage());
        }
    }

    /** params, the type, data.field, and a fragment of the message. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {}                                       | StartParams   | target        | give one target: session, sessions or all
            {}                                       | RestartParams | target        | give one target: session, sessions, all or stale
            {"session": "a", "all": true}            | StartParams   | all           | give exactly one target, got session and all
            {"all": true, "sessions": ["a"]}         | StopParams    | sessions      | got all and sessions
            {"stale": true, "all": true}             | RestartParams | all           | got stale and all
            {"all": false}                           | StartParams   | all           | all must be true when given
            {"all": "yes"}                           | StopParams    | all           | all: expected true, got string "yes"
            {"stale": false}                         | RestartParams | stale         | stale must be true when given
            {"sessions": []}                         | StartParams   | sessions      | at least one session
            {"sessions": ["a", null]}                | StartParams   | sessions[1]   | expected a string, got null
            {"session": ["a"]}                       | StartParams   | session       | expected a string, got array
            {"all": true, "grace_seconds": 5}        | StartParams   | grace_seconds | unknown member "grace_seconds"; known: session, sessions, all
            {"all": true, "grace_seconds": -1}       | StopParams    | grace_seconds | grace_seconds must be at least 0, got -1
            {"all": true, "grace_seconds": 2.5}      | StopParams    | grace_seconds | expected an integer, got number 2.5
            """)
    void targetSelectorsMustBeExactlyOne(String params, String type, String field, String fragment)
            throws ClassNotFoundException {
        RpcException e = refused(params, Class.forName("wire.protocol." + type).asSubclass(Record.class));
        assertEquals(-32602, e.code(), e.getMessage());
        assertEquals(field, e.data().get("field").asText());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void stopTakesAnOptionalGrace() throws RpcException {
        assertEquals(new StopParams(new Target.Single("api"), 0L),
                Params.decode(json("{\"session\":\"api\",\"grace_seconds\":0}"), StopParams.class));
    }

    @Test
    void aNullSelectorCountsAsAbsent() throws RpcException {
        assertEquals(new StartParams(new Target.All()),
                Params.decode(json("{\"session\":null,\"all\":true}"), StartParams.class));
    }

    // --- encoding ---------------------------------------------------------------------------

    static Stream<Record> params() {
        return Stream.of(new SessionParams("api"), new StartParams(new Target.Single("api")),
                new StartParams(new Target.Many(List.of("a", "b"))), new StopParams(new Target.All(), 3L),
                new StopParams(new Target.Single("x"), null), new RestartParams(new Target.Stale()),
                new LogsParams("api", 5, true, LogStream.STDOUT), LogsParams.of("b"), new SubscribeParams(null),
                new SubscribeParams(List.of("a")), new CancelParams("s-1"), new ShutdownParams(true),
                new ShutdownParams(false));
    }

    @ParameterizedTest
    @MethodSource("params")
    void encodedParamsDecodeToTheSameRecord(Record p) throws RpcException {
        assertEquals(p, Params.decode(Params.encode(p), p.getClass()));
    }

    @Test
    void encodingSpreadsTheTargetAndLeavesNullsOut() {
        assertEquals("{\"sessions\":[\"a\",\"b\"],\"grace_seconds\":4}",
                Params.encode(new StopParams(new Target.Many(List.of("a", "b")), 4L)).toString());
        assertEquals(json("{\"stale\":true}"), Params.encode(new RestartParams(new Target.Stale())));
        assertEquals(json("{}"), Params.encode(new SubscribeParams(null)));
        assertEquals(json("{\"session\":\"api\",\"tail\":100,\"follow\":false,\"stream\":\"both\"}"),
                Params.encode(LogsParams.of("api")));
    }
}
