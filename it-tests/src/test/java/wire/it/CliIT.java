package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static wire.it.ItSupport.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DESIGN.md "CLI": the wire command run as a process against the real daemon, output and exit codes. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CliIT {
    @RegisterExtension
    static final SharedSandbox SHARED = new SharedSandbox();

    /** A root with no daemon, for the daemon-down cases. */
    @RegisterExtension
    final WireSandbox offline = new WireSandbox();

    private static long daemonPid;
    private final WireSandbox sandbox = SHARED.sandbox();

    @BeforeAll
    static void daemon() {
        for (String name : List.of("alpha", "beta", "toggled")) {
            ItSupport.quietSession(SHARED.sandbox(), name);
        }
        daemonPid = SHARED.sandbox().startDaemon().pid();
    }

    @Test
    void jsonListPrintsOneDocumentShapedLikeTheListResult() throws Exception {
        JsonNode rpc = sandbox.call("list", null);
        for (String[] args : List.of(new String[] {"--json", "supervisor", "list"},
                new String[] {"supervisor", "list", "--json"})) {
            WireSandbox.CliResult r = sandbox.cli(args);
            assertEquals(0, r.exitCode(), r.describe());
            assertEquals(1, r.stdout().strip().lines().count(), "one JSON document: " + r.describe());
            JsonNode printed = json(r.stdout());
            assertEquals(fields(rpc), fields(printed));
            assertEquals(fields(rpc.path("supervisor")), fields(printed.path("supervisor")));
            assertEquals(daemonPid, printed.path("supervisor").path("pid").asLong());
            assertEquals(names(rpc), names(printed));
            for (int i = 0; i < rpc.path("sessions").size(); i++) {
                assertEquals(fields(rpc.path("sessions").get(i)), fields(printed.path("sessions").get(i)));
            }
        }
    }

    @Test
    void humanListShowsARowPerSession() {
        WireSandbox.CliResult r = sandbox.cli("supervisor", "list");
        assertEquals(0, r.exitCode(), r.describe());
        for (String name : List.of("alpha", "beta")) {
            assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith(name + " ") && l.contains("stopped")),
                    name + " row: " + r.describe());
        }
        assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith("toggled ")), r.describe());
    }

    @Test
    void statusOfOneSessionInTextAndJson() throws Exception {
        WireSandbox.CliResult text = sandbox.cli("supervisor", "status", "alpha");
        assertEquals(0, text.exitCode(), text.describe());
        assertTrue(text.stdout().contains("alpha") && text.stdout().contains("stopped"), text.describe());
        WireSandbox.CliResult js = sandbox.cli("--json", "supervisor", "status", "alpha");
        assertEquals(0, js.exitCode(), js.describe());
        JsonNode printed = json(js.stdout());
        assertEquals("alpha", printed.path("name").asText());
        assertEquals(fields(sandbox.status("alpha")), fields(printed));
    }

    @Test
    void startAndStopExitZeroAndChangeTheState() throws Exception {
        WireSandbox.CliResult start = sandbox.cli("supervisor", "start", "toggled");
        assertEquals(0, start.exitCode(), start.describe());
        JsonNode running = sandbox.status("toggled");
        assertEquals("running", running.path("state").asText(), running.toString());
        assertTrue(Procs.alive(running.path("pid").asLong()));

        WireSandbox.CliResult stop = sandbox.cli("supervisor", "stop", "toggled");
        assertEquals(0, stop.exitCode(), stop.describe());
        JsonNode stopped = sandbox.status("toggled");
        assertEquals("stopped", stopped.path("state").asText(), stopped.toString());
        assertEquals("down", stopped.path("desired").asText());
        assertFalse(Procs.alive(running.path("pid").asLong()), "the child is gone");
    }

    @Test
    void unknownSessionExitsOneNamingIt() {
        for (String verb : List.of("status", "start", "stop")) {
            WireSandbox.CliResult r = sandbox.cli("supervisor", verb, "nosuch");
            assertEquals(1, r.exitCode(), r.describe());
            assertTrue(r.stderr().contains("nosuch"), r.describe());
            assertNoTrace(r);
        }
    }

    @Test
    void badOptionOrVerbIsAUsageErrorWithAHint() {
        for (String[] args : List.of(new String[] {"supervisor", "list", "--bogus"},
                new String[] {"supervisor", "frobnicate"}, new String[] {"supervisor", "stop", "--grace", "soon", "alpha"})) {
            WireSandbox.CliResult r = sandbox.cli(args);
            assertEquals(2, r.exitCode(), r.describe());
            assertTrue(r.stderr().contains("--help") || r.stderr().contains("Usage"), r.describe());
            assertNoTrace(r);
        }
    }

    @Test
    void versionPrintsClientAndDaemonVersions() throws Exception {
        JsonNode v = sandbox.call("version", null);
        WireSandbox.CliResult r = sandbox.cli("supervisor", "version");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains(v.path("version").asText()), r.describe());
        assertTrue(r.stdout().contains("pid " + daemonPid), r.describe());
    }

    @Test
    void rpcPrintsTheRawReplyLine() {
        WireSandbox.CliResult r = sandbox.cli("rpc", "version");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(1, r.stdout().strip().lines().count(), r.describe());
        JsonNode reply = json(r.stdout());
        assertEquals("2.0", reply.path("jsonrpc").asText());
        assertEquals(daemonPid, reply.path("result").path("pid").asLong());
    }

    @Test
    void sessionNewWritesAValidSpecThatReloadPicksUp() throws Exception {
        String helper = sandbox.helper("sleeper.sh").toString();
        WireSandbox.CliResult made = sandbox.cli("session", "new", "fresh", "--cwd", "/tmp", "--env", "K=v", "--",
                helper, "arg one");
        assertEquals(0, made.exitCode(), made.describe());
        JsonNode spec = json(Files.readString(sandbox.home("fresh").resolve("session.json")));
        assertEquals(List.of(helper, "arg one"), texts(spec.path("command")));
        assertEquals("/tmp", spec.path("cwd").asText());
        assertEquals("v", spec.path("env").path("K").asText());

        WireSandbox.CliResult again = sandbox.cli("session", "new", "fresh", "--", helper);
        assertTrue(again.exitCode() != 0, "an existing session is refused: " + again.describe());

        WireSandbox.CliResult reload = sandbox.cli("--json", "supervisor", "reload");
        assertEquals(0, reload.exitCode(), reload.describe());
        // Added by this reload, or already by the daemon's own registry watch: known either way.
        JsonNode reloaded = json(reload.stdout());
        assertTrue(texts(reloaded.path("added")).contains("fresh") || texts(reloaded.path("unchanged")).contains("fresh"),
                reload.stdout());
        assertTrue(json(reload.stdout()).path("invalid").isEmpty(), reload.stdout());
        Awaits.await().until(() -> sandbox.status("fresh").path("state").asText().equals("running"));
        assertEquals(List.of(helper, "arg one"), texts(sandbox.status("fresh").path("command")));
        sandbox.call("stop", java.util.Map.of("session", "fresh"));
    }

    @Test
    void listWithTheDaemonDownExitsThreeNamingTheSocketAndShowsTheDisk() throws Exception {
        offline.writeSession("idle", "{\"command\": [\"/bin/true\"]}");
        offline.writeSession("broken", "{\"command\": [");
        WireSandbox.CliResult r = offline.cli("supervisor", "list");
        assertEquals(3, r.exitCode(), r.describe());
        String all = r.stdout() + r.stderr();
        assertTrue(all.contains(offline.socket().toString()), "names the socket: " + r.describe());
        assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith("idle ")), r.describe());
        assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith("broken ") && l.contains("invalid")), r.describe());
        assertNoTrace(r);

        WireSandbox.CliResult js = offline.cli("--json", "supervisor", "list");
        assertEquals(3, js.exitCode(), js.describe());
        JsonNode doc = json(js.stdout());
        assertEquals(offline.socket().toString(), doc.path("socket").asText());
        assertEquals(Set.of("broken", "idle"), names(doc));

        WireSandbox.CliResult status = offline.cli("supervisor", "status", "idle");
        assertEquals(3, status.exitCode(), status.describe());
        assertTrue((status.stdout() + status.stderr()).contains(offline.socket().toString()), status.describe());
    }

    private static void assertNoTrace(WireSandbox.CliResult r) {
        assertFalse(r.stderr().contains("\tat ") || r.stderr().contains("Exception"), "no stack trace: " + r.describe());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> out = new TreeSet<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(out::add);
        return out;
    }

    private static Set<String> names(JsonNode list) {
        Set<String> out = new TreeSet<>();
        list.path("sessions").forEach(s -> out.add(s.path("name").asText()));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
