package wire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated {@code session.json} documents: every valid spec survives writing and parsing, and
 * any damage to a valid document (bytes or values) ends in a spec or in problems located by a
 * JSON path, never in an exception.
 */
class SessionSpecProperties {

    @Property(tries = 500)
    void everyValidSpecSurvivesWriteThenParse(@ForAll("specs") SessionSpec spec) {
        String json = SessionSpecWriter.toJson(spec);
        ParsedSpec parsed = SessionSpecParser.parse("session.json", json);
        assertEquals(spec, assertInstanceOf(ParsedSpec.Valid.class, parsed, () -> json + " -> " + parsed.problems()).spec());
    }

    @Property(tries = 1000)
    void anyEditOfTheTextParsesOrNamesWhere(@ForAll("specs") SessionSpec spec, @ForAll("edits") List<Edit> edits) {
        StringBuilder text = new StringBuilder(SessionSpecWriter.toJson(spec));
        for (Edit edit : edits) {
            edit.apply(text);
        }
        wellReported(SessionSpecParser.parse("session.json", text.toString()));
    }

    @Property(tries = 1000)
    void anyValueAtAnyKeyParsesOrNamesThatKey(@ForAll("specs") SessionSpec spec,
            @ForAll("keys") String key, @ForAll("values") JsonNode value) throws Exception {
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(SessionSpecWriter.toJson(spec));
        tree.set(key, value);
        ParsedSpec parsed = SessionSpecParser.parse("session.json", tree.toString());
        wellReported(parsed);
        String path = SessionSpecParser.child("$", key);
        for (ConfigProblem problem : parsed.problems()) {
            assertTrue(problem.path().startsWith(path), () -> problem + " is not under " + path);
        }
    }

    private static void wellReported(ParsedSpec parsed) {
        if (parsed instanceof ParsedSpec.Invalid invalid) {
            assertFalse(invalid.problems().isEmpty());
            for (ConfigProblem problem : invalid.problems()) {
                assertEquals("session.json", problem.file());
                assertTrue(problem.path().startsWith("$"), problem::toString);
                assertFalse(problem.message().isBlank(), problem::toString);
                assertFalse(problem.toString().contains("\n"), "one line: " + problem);
            }
        }
    }

    // ---- generators ----

    /** One change to the document's text: delete, insert or replace at a position, or repeat a span. */
    record Edit(int kind, int at, int length, char c) {
        void apply(StringBuilder text) {
            int pos = text.isEmpty() ? 0 : at % text.length();
            int end = Math.min(text.length(), pos + length);
            switch (kind) {
                case 0 -> text.delete(pos, end);
                case 1 -> text.insert(pos, c);
                case 2 -> {
                    if (pos < text.length()) {
                        text.setCharAt(pos, c);
                    }
                }
                default -> text.insert(pos, text.substring(pos, end));
            }
        }
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Character> chars = Arbitraries.oneOf(
                Arbitraries.of('{', '}', '[', ']', '"', ',', ':', '\\', '0', '-', 'e', '.', 'n', 't', ' ', '\u0000'),
                Arbitraries.chars());
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(1, 40), chars).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.of(SessionSpecParser.KEYS),
                Arbitraries.strings().ofMaxLength(12), Arbitraries.of("Command", "restart ", "env.x", "$", ""));
    }

    @Provide
    Arbitrary<JsonNode> values() {
        return Arbitraries.recursive(this::scalars, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(list -> {
                    var array = Json.mapper().createArrayNode();
                    list.forEach(array::add);
                    return (JsonNode) array;
                }),
                Arbitraries.maps(Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(6), Arbitraries.of("WIRE_HOME", "A=B", "")),
                        inner).ofMaxSize(3).map(map -> {
                    ObjectNode object = Json.mapper().createObjectNode();
                    map.forEach(object::set);
                    return (JsonNode) object;
                })), 0, 4);
    }

    private Arbitrary<JsonNode> scalars() {
        var nodes = Json.mapper().getNodeFactory();
        return Arbitraries.oneOf(
                Arbitraries.longs().map(nodes::numberNode),
                Arbitraries.longs().between(-2, 5000).map(nodes::numberNode),
                Arbitraries.doubles().map(nodes::numberNode),
                Arbitraries.of("TERM", "SIGKILL", "9", "always", "on-failure", "never", "/abs", "rel", "", "a\u0000b")
                        .map(nodes::textNode),
                Arbitraries.strings().ofMaxLength(10).map(nodes::textNode),
                Arbitraries.of(true, false).map(nodes::booleanNode),
                Arbitraries.just(nodes.nullNode()));
    }

    @Provide
    Arbitrary<SessionSpec> specs() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange(' ', '~').withChars('é', '日', '\t').ofMinLength(1).ofMaxLength(12);
        Arbitrary<List<String>> command = word.list().ofMinSize(1).ofMaxSize(4).injectNull(0.3);
        Arbitrary<String> cwd = word.map(w -> "/" + w).injectNull(0.4);
        Arbitrary<String> envName = Arbitraries.strings().withCharRange('A', 'Z').withChars('_', 'a', '1', '.').ofMinLength(1).ofMaxLength(8)
                .filter(n -> !n.startsWith("WIRE_"));
        Arbitrary<Map<String, String>> env = Arbitraries.maps(envName, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(10)).ofMaxSize(4);
        return Combinators.combine(
                command, cwd, env, Arbitraries.of(true, false), Arbitraries.of(RestartPolicy.class),
                Arbitraries.of(StopSignal.class), Arbitraries.longs().between(0, SessionSpecParser.MAX_STOP_GRACE_SECONDS),
                Arbitraries.integers().between(0, Integer.MAX_VALUE))
                .flatAs((cmd, dir, vars, auto, restart, signal, grace, maxRestarts) -> Combinators.combine(
                        Arbitraries.longs().between(1, Long.MAX_VALUE),
                        Arbitraries.longs().between(SessionSpecParser.MIN_LOG_MAX_BYTES, Long.MAX_VALUE),
                        Arbitraries.integers().between(1, SessionSpecParser.MAX_LOG_KEEP))
                        .as((window, logMax, keep) -> new SessionSpec(cmd, dir, vars, auto, restart, signal, grace,
                                maxRestarts, window, logMax, keep)));
    }
}
