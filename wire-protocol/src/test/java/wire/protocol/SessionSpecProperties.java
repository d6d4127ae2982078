package wire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generated {@code session.json} documents: every valid spec survives writing and parsing, and
 * any damage to a valid document (its text, or any value at any key) ends in a spec or in problems
 * located by a JSON path, never in an exception.
 *
 * <p>Hand-rolled generators over a seeded {@link Random}: try {@code i} uses seed
 * {@code wire.prop.seed + i}, and a failure names both, so {@code -Dwire.prop.seed=S} replays it.
 * {@code -Dwire.prop.tries=N} runs more.
 */
class SessionSpecProperties {
    private static final long SEED = Long.getLong("wire.prop.seed", 20261123L);
    private static final int TRIES = Integer.getInteger("wire.prop.tries", 1000);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void everyValidSpecSurvivesWriteThenParse() {
        forAll((r, where) -> {
            SessionSpec spec = spec(r);
            String json = SessionSpecWriter.toJson(spec);
            ParsedSpec parsed = SessionSpecParser.parse("session.json", json);
            assertEquals(spec, assertInstanceOf(ParsedSpec.Valid.class, parsed,
                    () -> where + json + " -> " + parsed.problems()).spec(), where);
        });
    }

    @Test
    void anyEditOfTheTextParsesOrNamesWhere() {
        forAll((r, where) -> {
            StringBuilder text = new StringBuilder(SessionSpecWriter.toJson(spec(r)));
            int edits = 1 + r.nextInt(8);
            for (int i = 0; i < edits; i++) {
                edit(r, text);
            }
            wellReported(SessionSpecParser.parse("session.json", text.toString()), where + text);
        });
    }

    @Test
    void anyValueAtAnyKeyParsesOrNamesThatKey() throws Exception {
        forAll((r, where) -> {
            ObjectNode tree = (ObjectNode) Json.mapper().readTree(SessionSpecWriter.toJson(spec(r)));
            String key = key(r);
            tree.set(key, value(r, 4));
            ParsedSpec parsed = SessionSpecParser.parse("session.json", tree.toString());
            wellReported(parsed, where + tree);
            String path = SessionSpecParser.child("$", key);
            for (ConfigProblem problem : parsed.problems()) {
                assertTrue(problem.path().startsWith(path), () -> where + problem + " is not under " + path + " in " + tree);
            }
        });
    }

    private static void wellReported(ParsedSpec parsed, String context) {
        if (parsed instanceof ParsedSpec.Invalid invalid) {
            assertFalse(invalid.problems().isEmpty(), context);
            for (ConfigProblem problem : invalid.problems()) {
                assertEquals("session.json", problem.file(), context);
                assertTrue(problem.path().startsWith("$"), () -> problem + " in " + context);
                assertFalse(problem.message().isBlank(), () -> problem + " in " + context);
                assertFalse(problem.toString().contains("\n"), () -> "one line: " + problem + " in " + context);
            }
        }
    }

    // ---- the runner ----

    @FunctionalInterface
    interface Check {
        void run(Random r, String where) throws Exception;
    }

    private static void forAll(Check check) {
        for (int i = 0; i < TRIES; i++) {
            long seed = SEED + i;
            try {
                check.run(new Random(seed), "[seed " + seed + "] ");
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("failed with -Dwire.prop.seed=" + seed + " -Dwire.prop.tries=1: " + e.getMessage(), e);
            } catch (Exception e) {
                throw new AssertionError("failed with -Dwire.prop.seed=" + seed + " -Dwire.prop.tries=1", e);
            }
        }
    }

    // ---- generators ----

    private static final char[] JSONISH = {'{', '}', '[', ']', '"', ',', ':', '\\', '0', '-', 'e', '.', 'n', 't', ' ', '\u0000'};

    /** One change to the text: delete, insert or replace at a position, or repeat a span. */
    private static void edit(Random r, StringBuilder text) {
        int pos = text.isEmpty() ? 0 : r.nextInt(text.length());
        int end = Math.min(text.length(), pos + 1 + r.nextInt(40));
        char c = r.nextBoolean() ? JSONISH[r.nextInt(JSONISH.length)] : (char) r.nextInt(0x10000);
        switch (r.nextInt(4)) {
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

    private static String key(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> SessionSpecParser.KEYS.get(r.nextInt(SessionSpecParser.KEYS.size()));
            case 1 -> anyString(r, 12);
            default -> List.of("Command", "restart ", "env.x", "$", "").get(r.nextInt(5));
        };
    }

    private static JsonNode value(Random r, int depth) {
        int kind = r.nextInt(depth > 0 ? 9 : 7);
        return switch (kind) {
            case 0 -> NODES.numberNode(r.nextLong());
            case 1 -> NODES.numberNode(r.nextLong(-2, 5000));
            case 2 -> NODES.numberNode(r.nextBoolean() ? r.nextDouble() * 1e6 : r.nextGaussian());
            case 3 -> NODES.textNode(List.of("TERM", "SIGKILL", "9", "always", "on-failure", "never", "/abs", "rel", "",
                    "a\u0000b").get(r.nextInt(10)));
            case 4 -> NODES.textNode(anyString(r, 10));
            case 5 -> NODES.booleanNode(r.nextBoolean());
            case 6 -> NODES.nullNode();
            case 7 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = r.nextInt(5); i > 0; i--) {
                    array.add(value(r, depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    String name = r.nextInt(4) == 0 ? List.of("WIRE_HOME", "A=B", "").get(r.nextInt(3)) : anyString(r, 6);
                    object.set(name, value(r, depth - 1));
                }
                yield object;
            }
        };
    }

    private static String anyString(Random r, int maxLength) {
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(maxLength + 1); i > 0; i--) {
            s.append(r.nextInt(3) == 0 ? (char) r.nextInt(0x10000) : (char) r.nextInt(' ', '~' + 1));
        }
        return s.toString();
    }

    /** A printable word of 1 to 12 characters, with a few non-ASCII ones and tabs. */
    private static String word(Random r) {
        StringBuilder s = new StringBuilder();
        for (int i = 1 + r.nextInt(12); i > 0; i--) {
            int pick = r.nextInt(20);
            s.append(pick == 0 ? 'é' : pick == 1 ? '日' : pick == 2 ? '\t' : (char) r.nextInt(' ', '~' + 1));
        }
        return s.toString();
    }

    /** Any valid spec: every field within its documented range, edges included. */
    static SessionSpec spec(Random r) {
        List<String> command = null;
        if (r.nextInt(10) >= 3) {
            command = new ArrayList<>();
            for (int i = 1 + r.nextInt(4); i > 0; i--) {
                command.add(word(r));
            }
        }
        String cwd = r.nextInt(10) >= 4 ? "/" + word(r) : null;
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            StringBuilder name = new StringBuilder();
            for (int j = 1 + r.nextInt(8); j > 0; j--) {
                name.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ_a1.".charAt(r.nextInt(30)));
            }
            if (!name.toString().startsWith("WIRE_")) {
                env.put(name.toString(), anyPrintable(r, 10));
            }
        }
        RestartPolicy[] policies = RestartPolicy.values();
        StopSignal[] signals = StopSignal.values();
        return new SessionSpec(command, cwd, env, r.nextBoolean(), policies[r.nextInt(policies.length)],
                signals[r.nextInt(signals.length)], edge(r, 0, SessionSpecParser.MAX_STOP_GRACE_SECONDS),
                (int) edge(r, 0, Integer.MAX_VALUE), edge(r, 1, Long.MAX_VALUE),
                edge(r, SessionSpecParser.MIN_LOG_MAX_BYTES, Long.MAX_VALUE), (int) edge(r, 1, SessionSpecParser.MAX_LOG_KEEP));
    }

    private static String anyPrintable(Random r, int maxLength) {
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(maxLength + 1); i > 0; i--) {
            s.append((char) r.nextInt(' ', '~' + 1));
        }
        return s.toString();
    }

    /** A value in [min, max], the bounds themselves one time in five. */
    private static long edge(Random r, long min, long max) {
        return switch (r.nextInt(10)) {
            case 0 -> min;
            case 1 -> max;
            default -> max == Long.MAX_VALUE ? min + (r.nextLong() & Long.MAX_VALUE) % (max - min) : r.nextLong(min, max + 1);
        };
    }
}
