package wire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SessionSpecWriterTest {

    private static final SessionSpec D = SessionSpec.defaults();

    static Stream<SessionSpec> specs() {
        return Stream.of(
                D,
                new SessionSpec(List.of("/usr/bin/python3", "-m", "worker"), "/home/me/proj",
                        Map.of("PYTHONUNBUFFERED", "1", "A", "x \"quoted\" \\ \n"), true, RestartPolicy.ALWAYS,
                        StopSignal.TERM, 10, 10, 60, 10L * 1024 * 1024, 5),
                new SessionSpec(List.of("ünïcode", "tab\there"), null, Map.of(), false, RestartPolicy.ON_FAILURE,
                        StopSignal.KILL, 0, 0, 1, 4096, 100),
                new SessionSpec(null, "/", Map.of("Z", "", "B", "b"), true, RestartPolicy.NEVER, StopSignal.HUP,
                        3600, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 1));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void parsingTheWrittenJsonGivesTheSpecBack(SessionSpec spec) {
        assertEquals(new ParsedSpec.Valid(spec), SessionSpecParser.parse(SessionSpecWriter.toJson(spec)));
    }

    @Test
    void defaultsWriteAnEmptyObject() {
        assertEquals("{}\n", SessionSpecWriter.toJson(D));
    }

    @Test
    void onlyNonDefaultKeysAreWrittenInCanonicalOrder() {
        SessionSpec spec = new SessionSpec(List.of("/bin/app", "--port", "8080"), "/srv/app",
                Map.of("B", "2", "A", "1"), true, RestartPolicy.ON_FAILURE, StopSignal.TERM, 30, 10, 60,
                10L * 1024 * 1024, 5);
        assertEquals("""
                {
                  "command": ["/bin/app", "--port", "8080"],
                  "cwd": "/srv/app",
                  "env": {
                    "A": "1",
                    "B": "2"
                  },
                  "restart": "on-failure",
                  "stop_grace_seconds": 30
                }
                """, SessionSpecWriter.toJson(spec));
    }

    @Test
    void fingerprintIgnoresHowTheFileSpelledItsDefaultsAndOrder() {
        SessionSpec spelledOut = ((ParsedSpec.Valid) SessionSpecParser.parse(
                "{\"log_keep\": 5, \"env\": {\"B\": \"2\", \"A\": \"1\"}, \"restart\": \"always\"}")).spec();
        SessionSpec terse = ((ParsedSpec.Valid) SessionSpecParser.parse(
                "{\"env\": {\"A\": \"1\", \"B\": \"2\"}}")).spec();
        assertEquals(SessionSpecWriter.fingerprint(terse), SessionSpecWriter.fingerprint(spelledOut));
    }

    @Test
    void fingerprintChangesWithEveryEffectiveValue() {
        List<SessionSpec> variants = List.of(
                D,
                new SessionSpec(List.of("x"), null, Map.of(), true, RestartPolicy.ALWAYS, StopSignal.TERM, 10, 10, 60, 10485760, 5),
                new SessionSpec(null, "/x", Map.of(), true, RestartPolicy.ALWAYS, StopSignal.TERM, 10, 10, 60, 10485760, 5),
                new SessionSpec(null, null, Map.of("A", "1"), true, RestartPolicy.ALWAYS, StopSignal.TERM, 10, 10, 60, 10485760, 5),
                new SessionSpec(null, null, Map.of(), false, RestartPolicy.ALWAYS, StopSignal.TERM, 10, 10, 60, 10485760, 5),
                new SessionSpec(null, null, Map.of(), true, RestartPolicy.NEVER, StopSignal.TERM, 10, 10, 60, 10485760, 5),
                new SessionSpec(null, null, Map.of(), true, RestartPolicy.ALWAYS, StopSignal.INT, 10, 10, 60, 10485760, 5),
                new SessionSpec(null, null, Map.of(), true, RestartPolicy.ALWAYS, StopSignal.TERM, 11, 10, 60, 10485760, 5),
                new SessionSpec(null, null, Map.of(), true, RestartPolicy.ALWAYS, StopSignal.TERM, 10, 11, 60, 10485760, 5),
                new SessionSpec(null, null, Map.of(), true, RestartPolicy.ALWAYS, StopSignal.TERM, 10, 10, 61, 10485760, 5),
                new SessionSpec(null, null, Map.of(), true, RestartPolicy.ALWAYS, StopSignal.TERM, 10, 10, 60, 10485761, 5),
                new SessionSpec(null, null, Map.of(), true, RestartPolicy.ALWAYS, StopSignal.TERM, 10, 10, 60, 10485760, 6));
        Map<String, SessionSpec> seen = new LinkedHashMap<>();
        for (SessionSpec v : variants) {
            SessionSpec clash = seen.put(SessionSpecWriter.fingerprint(v), v);
            assertEquals(null, clash, () -> "same fingerprint for " + v);
        }
        assertNotEquals(SessionSpecWriter.fingerprint(D), SessionSpecWriter.fingerprint(variants.get(1)));
    }

    @Test
    void fingerprintIsOneLineNamingEveryKey() {
        String f = SessionSpecWriter.fingerprint(D);
        assertEquals("{\"command\":null,\"cwd\":null,\"env\":{},\"autostart\":true,\"restart\":\"always\","
                + "\"stop_signal\":\"TERM\",\"stop_grace_seconds\":10,\"max_restarts\":10,"
                + "\"restart_window_seconds\":60,\"log_max_bytes\":10485760,\"log_keep\":5}", f);
    }
}
