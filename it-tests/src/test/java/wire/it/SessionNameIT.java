package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import wire.protocol.RpcException;

/** DESIGN.md "Paths", the naming rule: a bad name is -32006 wherever a session is named, never -32001. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionNameIT {
    private static final List<String> BAD = List.of("../x", "a/b", "A", "", "..", ".hidden", "-x", "a b",
            "x".repeat(64));
    private static final String LONGEST_VALID = "x".repeat(63);

    @RegisterExtension
    static final SharedSandbox SHARED = new SharedSandbox();

    private final WireSandbox sandbox = SHARED.sandbox();

    @BeforeAll
    static void daemon() {
        ItSupport.quietSession(SHARED.sandbox(), "api");
        SHARED.sandbox().startDaemon();
    }

    @Test
    void badNameIsInvalidSessionNameForStatusStartAndStop() {
        for (String method : List.of("status", "start", "stop", "restart")) {
            for (String name : BAD) {
                RpcException e = refused(method, Map.of("session", name));
                assertEquals(-32006, e.code(), method + " " + name + ": " + e.getMessage());
                assertEquals(name, e.data().path("session").asText(), method + " " + name);
            }
        }
    }

    @Test
    void badNameInsideSessionsListsIsInvalidSessionNameToo() throws Exception {
        for (String method : List.of("start", "stop", "restart", "subscribe")) {
            JsonNode answer;
            try {
                answer = sandbox.call(method, Map.of("sessions", List.of("api", "../x")));
            } catch (RpcException e) {
                assertEquals(-32006, e.code(), method + ": " + e.getMessage());
                assertEquals("../x", e.data().path("session").asText());
                continue;
            }
            // A bulk answer may instead refuse that one entry, still as -32006.
            JsonNode entry = null;
            for (JsonNode r : answer.path("results")) {
                if (r.path("session").asText().equals("../x")) {
                    entry = r;
                }
            }
            assertTrue(entry != null, method + ": " + answer);
            assertFalse(entry.path("ok").asBoolean());
            assertEquals(-32006, entry.path("error").path("code").asInt(), entry.toString());
        }
    }

    @Test
    void unknownValidNameIsSessionNotFound() {
        for (String name : List.of("nope", LONGEST_VALID, "a.b_c-9")) {
            for (String method : List.of("status", "start", "stop")) {
                RpcException e = refused(method, Map.of("session", name));
                assertEquals(-32001, e.code(), method + " " + name + ": " + e.getMessage());
                assertEquals(name, e.data().path("session").asText());
            }
        }
    }

    @Test
    void cliRefusesAPathAsASessionNameAndCreatesNothing() throws Exception {
        Set<Path> before = tree(sandbox.root());
        WireSandbox.CliResult r = sandbox.cli("session", "new", "../x", "--", "/bin/true");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("../x"), "names the bad value: " + r.describe());
        assertFalse(r.stderr().contains("\tat ") || r.stderr().contains("Exception"), r.describe());
        assertEquals(before, tree(sandbox.root()), "nothing created anywhere under the root");
        assertFalse(Files.exists(sandbox.root().resolve("x")));

        WireSandbox.CliResult upper = sandbox.cli("session", "new", "Api", "--", "/bin/true");
        assertEquals(2, upper.exitCode(), upper.describe());
        assertEquals(before, tree(sandbox.root()));
    }

    private RpcException refused(String method, Map<String, ?> params) {
        try {
            JsonNode unexpected = sandbox.call(method, params);
            throw new AssertionError(method + " " + params + " succeeded: " + unexpected);
        } catch (RpcException e) {
            return e;
        }
    }

    /** The root, its parent's entries and the session homes: where a path-like name could land. */
    private static Set<Path> tree(Path root) throws Exception {
        try (Stream<Path> top = Files.list(root); Stream<Path> homes = Files.list(root.resolve("sessions"));
                Stream<Path> siblings = Files.list(root.getParent())) {
            return Stream.concat(Stream.concat(top, homes), siblings.filter(p -> p.getFileName().toString().equals("x")))
                    .filter(p -> !p.getFileName().toString().startsWith("cli."))
                    .collect(Collectors.toSet());
        }
    }
}
