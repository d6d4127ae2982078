package wire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionSpecParserTest {

    private static SessionSpec valid(String json) {
        ParsedSpec parsed = SessionSpecParser.parse("session.json", json);
        return assertInstanceOf(ParsedSpec.Valid.class, parsed, () -> parsed.problems().toString()).spec();
    }

    private static List<ConfigProblem> invalid(String json) {
        return assertInstanceOf(ParsedSpec.Invalid.class, SessionSpecParser.parse("session.json", json)).problems();
    }

    @Test
    void emptyObjectGivesEveryDefault() {
        assertEquals(SessionSpec.defaults(), valid("{}"));
    }

    @Test
    void theDesignExampleParses() {
        SessionSpec spec = valid("""
                { "command": ["/usr/bin/python3", "-m", "worker"],
                  "cwd": "/home/me/proj",
                  "env": {"PYTHONUNBUFFERED": "1"},
                  "autostart": true,
                  "restart": "always",
                  "stop_signal": "TERM",
                  "stop_grace_seconds": 10,
                  "max_restarts": 10, "restart_window_seconds": 60,
                  "log_max_bytes": 10485760, "log_keep": 5 }
                """);
        assertEquals(new SessionSpec(List.of("/usr/bin/python3", "-m", "worker"), "/home/me/proj",
                Map.of("PYTHONUNBUFFERED", "1"), true, RestartPolicy.ALWAYS, StopSignal.TERM, 10, 10, 60,
                10485760, 5), spec);
        assertTrue(spec.bound());
    }

    @Test
    void everyNonDefaultValueIsTaken() {
        SessionSpec spec = valid("""
                {"autostart": false, "restart": "on-failure", "stop_signal": "INT", "stop_grace_seconds": 0,
                 "max_restarts": 0, "restart_window_seconds": 1, "log_max_bytes": 4096, "log_keep": 100}
                """);
        assertEquals(new SessionSpec(null, null, Map.of(), false, RestartPolicy.ON_FAILURE, StopSignal.INT, 0, 0, 1,
                4096, 100), spec);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"stop_grace_seconds\": 3600}", "{\"log_keep\": 1}", "{\"restart_window_seconds\": 9223372036854775807}",
        "{\"max_restarts\": 2147483647}", "{\"restart\": \"never\"}", "{\"stop_signal\": \"KILL\"}",
        "{\"env\": {}}", "{\"env\": {\"A\": \"\"}}", "{\"command\": [\"x\"]}", "{\"cwd\": \"/\"}"})
    void boundaryValuesAreAccepted(String json) {
        valid(json);
    }

    /** One rule per row: the file, the single problem's path, and a fragment of its message. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            []                                      | $                         | expected a JSON object, got array
            "text"                                  | $                         | expected a JSON object, got string "text"
            ``                                      | $                         | the file is empty
            {"command":                             | $                         | not valid JSON
            {"a": 1,}                               | $                         | at line 1, column
            {} {}                                   | $                         | unexpected content after the JSON value
            {"colour": "red"}                       | $.colour                  | unknown key "colour"
            {"colour": "red"}                       | $.colour                  | known keys: command, cwd, env, autostart, restart, stop_signal, stop_grace_seconds, max_restarts, restart_window_seconds, log_max_bytes, log_keep
            {"stop-signal": "TERM"}                 | $["stop-signal"]          | did you mean "stop_signal"?
            {"command": "ls -l"}                    | $.command                 | expected an array of strings (the program and its arguments), got string "ls -l"
            {"command": []}                         | $.command                 | must not be empty
            {"command": ["ls", 3]}                  | $.command[1]              | expected a string, got number 3
            {"command": ["ls", "-l", ""]}           | $.command[2]              | an argument must not be empty
            {"command": [""]}                       | $.command[0]              | the program must not be an empty string
            {"command": ["a\\u0000b"]}              | $.command[0]              | NUL
            {"command": null}                       | $.command                 | got null
            {"cwd": "proj"}                         | $.cwd                     | must be an absolute path, got "proj"
            {"cwd": 5}                              | $.cwd                     | expected a string (an absolute directory), got number 5
            {"cwd": "/a\\u0000"}                    | $.cwd                     | NUL
            {"env": ["A=1"]}                        | $.env                     | expected an object of string values, got array
            {"env": {"WIRE_HOME": "/x"}}            | $.env.WIRE_HOME           | WIRE_* variables are reserved
            {"env": {"WIRE_ROOT": "/x"}}            | $.env.WIRE_ROOT           | WIRE_* variables are reserved
            {"env": {"A=B": "x"}}                   | $.env["A=B"]              | contains '='
            {"env": {"": "x"}}                      | $.env[""]                 | must not be empty
            {"env": {"A\\u0000": "x"}}              | $.env["A\\u0000"]         | NUL
            {"env": {"N": 1}}                       | $.env.N                   | expected a string, got number 1 (quote it: "1")
            {"env": {"N": "a\\u0000"}}              | $.env.N                   | the value contains a NUL
            {"autostart": "yes"}                    | $.autostart               | expected a boolean, got string "yes"
            {"autostart": 1}                        | $.autostart               | expected a boolean, got number 1
            {"restart": "sometimes"}                | $.restart                 | expected one of "always", "on-failure", "never", got string "sometimes"
            {"restart": "on_failure"}               | $.restart                 | did you mean "on-failure"?
            {"restart": true}                       | $.restart                 | got boolean true
            {"stop_signal": "SIGTERM"}              | $.stop_signal             | write it as "TERM" (uppercase, without SIG)
            {"stop_signal": "term"}                 | $.stop_signal             | write it as "TERM"
            {"stop_signal": "WINCH"}                | $.stop_signal             | allowed: HUP, INT, QUIT, ABRT, KILL, USR1, SEGV, USR2, PIPE, ALRM, TERM
            {"stop_signal": 15}                     | $.stop_signal             | give the signal's name, "TERM", not its number 15
            {"stop_signal": 99}                     | $.stop_signal             | expected a signal name such as "TERM", got number 99
            {"stop_grace_seconds": "10"}            | $.stop_grace_seconds      | expected an integer, got string "10"
            {"stop_grace_seconds": 1.5}             | $.stop_grace_seconds      | expected an integer, got number 1.5
            {"stop_grace_seconds": 10.0}            | $.stop_grace_seconds      | expected an integer, got number 10.0
            {"stop_grace_seconds": -1}              | $.stop_grace_seconds      | must be between 0 and 3600 seconds, got -1
            {"stop_grace_seconds": 3601}            | $.stop_grace_seconds      | must be between 0 and 3600 seconds, got 3601
            {"max_restarts": -1}                    | $.max_restarts            | must be at least 0, got -1
            {"max_restarts": 99999999999999999999}  | $.max_restarts            | at most 2147483647, got 99999999999999999999
            {"max_restarts": 1e3}                   | $.max_restarts            | expected an integer
            {"restart_window_seconds": 0}           | $.restart_window_seconds  | must be at least 1 seconds, got 0
            {"log_max_bytes": 4095}                 | $.log_max_bytes           | must be at least 4096 bytes, got 4095
            {"log_max_bytes": false}                | $.log_max_bytes           | expected an integer, got boolean false
            {"log_keep": 0}                         | $.log_keep                | must be between 1 and 100, got 0
            {"log_keep": 101}                       | $.log_keep                | must be between 1 and 100, got 101
            {"log_keep": null}                      | $.log_keep                | expected an integer, got null
            """)
    void eachRuleReportsItsPathAndNamesTheProblem(String json, String path, String fragment) {
        List<ConfigProblem> problems = invalid(json);
        assertEquals(1, problems.size(), problems::toString);
        assertEquals(path, problems.getFirst().path());
        assertTrue(problems.getFirst().message().contains(fragment), problems.getFirst().message());
        assertEquals("session.json", problems.getFirst().file());
    }

    @Test
    void syntaxErrorsGiveLineAndColumn() {
        ConfigProblem p = invalid("{\n  \"cwd\": \"/x\"\n  \"autostart\": true\n}").getFirst();
        assertEquals("$", p.path());
        assertTrue(p.message().contains("line 3, column 3"), p.message());
    }

    @Test
    void duplicateKeyIsAnErrorNamingBothPlaces() {
        List<ConfigProblem> problems = invalid("{\"restart\": \"always\",\n \"restart\": \"never\"}");
        assertEquals(1, problems.size());
        assertEquals("$.restart", problems.getFirst().path());
        String m = problems.getFirst().message();
        assertTrue(m.contains("duplicate key \"restart\" at line 2, column 2; first given at line 1, column 2"), m);
    }

    @Test
    void duplicateKeyInsideEnvIsAnError() {
        ConfigProblem p = invalid("{\"env\": {\"A\": \"1\", \"A\": \"2\"}}").getFirst();
        assertEquals("$.env.A", p.path());
        assertTrue(p.message().startsWith("duplicate key"), p.message());
    }

    @Test
    void reportsEveryProblemAtOnceInDocumentOrderThenDuplicates() {
        List<ConfigProblem> problems = invalid("""
                {"colour": "red",
                 "command": ["ok", 1, ""],
                 "cwd": "rel",
                 "env": {"WIRE_HOME": "/x", "B": 2},
                 "restart": "sometimes",
                 "stop_signal": "SIGTERM",
                 "stop_grace_seconds": 1.5,
                 "max_restarts": -1,
                 "restart_window_seconds": "60",
                 "log_max_bytes": 1,
                 "log_keep": 0,
                 "autostart": null,
                 "cwd": "/dup"}
                """);
        assertEquals(List.of("$.colour", "$.command[1]", "$.command[2]", "$.cwd", "$.env.WIRE_HOME", "$.env.B",
                        "$.restart", "$.stop_signal", "$.stop_grace_seconds", "$.max_restarts",
                        "$.restart_window_seconds", "$.log_max_bytes", "$.log_keep", "$.autostart", "$.cwd"),
                problems.stream().map(ConfigProblem::path).toList(), problems::toString);
        assertTrue(problems.getLast().message().startsWith("duplicate key"));
    }

    @Test
    void withoutAFileProblemsCarryNone() {
        ParsedSpec parsed = SessionSpecParser.parse("{\"log_keep\": 0}");
        assertEquals(null, parsed.problems().getFirst().file());
        assertEquals("$.log_keep: must be between 1 and 100, got 0", parsed.problems().getFirst().toString());
    }

    @Test
    void problemWritesPathAndMessageAndTheFileOnlyWhenKnown() throws Exception {
        assertEquals("{\"path\":\"$.cwd\",\"message\":\"m\"}",
                Json.mapper().writeValueAsString(new ConfigProblem(null, "$.cwd", "m")));
        ConfigProblem withFile = new ConfigProblem("/r/sessions/a/session.json", "$", "m");
        String json = Json.mapper().writeValueAsString(withFile);
        assertEquals("{\"file\":\"/r/sessions/a/session.json\",\"path\":\"$\",\"message\":\"m\"}", json);
        assertEquals(withFile, Json.mapper().readValue(json, ConfigProblem.class));
        assertEquals(new ConfigProblem(null, "$", "m"),
                Json.mapper().readValue("{\"path\":\"$\",\"message\":\"m\"}", ConfigProblem.class));
    }

    @Test
    void invalidSpecBecomesInvalidConfigWithEveryError() {
        var parsed = (ParsedSpec.Invalid) SessionSpecParser.parse("{\"log_keep\": 0, \"cwd\": \"x\"}");
        RpcException e = parsed.toRpcException("api");
        assertEquals(-32003, e.code());
        JsonNode data = e.data();
        assertEquals("api", data.get("session").asText());
        assertEquals(2, data.get("errors").size());
        assertEquals("$.log_keep", data.get("errors").get(0).get("path").asText());
        assertTrue(e.getMessage().contains("(and 1 more)"), e.getMessage());
    }
}
