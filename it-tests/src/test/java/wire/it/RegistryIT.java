package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DESIGN.md "Supervision semantics", registry: reload by diff (only a changed session restarts),
 * removed and added session dirs, a garbage session.json leaves its child alone, zero sessions,
 * SIGHUP. The daemon runs without its file watch and rescans rarely here, so every change is seen
 * through reload or SIGHUP (RegistryWatchIT covers the watch and the rescan).
 */
class RegistryIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void reloadRestartsOnlyTheChangedSessionAndReportsTheDiff() throws Exception {
        for (String name : List.of("a", "b", "c")) {
            sandbox.helperSession(name, "sleeper.sh", "\"cwd\": \"/tmp\"");
        }
        sandbox.startDaemon("--registry-poll", "600", "--no-registry-watch");
        long a = Supervision.runningPid(sandbox, "a");
        long b = Supervision.runningPid(sandbox, "b");
        long c = Supervision.runningPid(sandbox, "c");

        // b gets a different command line; d is new; c goes away (moved out of sessions/).
        Supervision.session(sandbox, "b", List.of(sandbox.helper("sleeper.sh").toString(), "changed"),
                "\"cwd\": \"/tmp\"");
        sandbox.helperSession("d", "sleeper.sh", "\"cwd\": \"/tmp\"");
        Files.move(sandbox.home("c"), sandbox.root().resolve("c-moved"));
        JsonNode result = sandbox.call("reload", null);

        assertEquals(List.of("d"), names(result.path("added")), result.toString());
        assertEquals(List.of("c"), names(result.path("removed")), result.toString());
        assertEquals(List.of("b"), names(result.path("changed")), result.toString());
        assertEquals(List.of("a"), names(result.path("unchanged")), result.toString());
        assertEquals(0, result.path("invalid").size(), result.toString());

        Supervision.newPid(sandbox, "b", b);
        assertTrue(!Procs.alive(b));
        assertEquals(List.of(sandbox.helper("sleeper.sh").toString(), "changed"),
                names(sandbox.status("b").path("command")));
        long d = Supervision.runningPid(sandbox, "d");
        assertTrue(Procs.alive(d));
        Awaits.await().until(() -> !Procs.alive(c));
        assertEquals(a, Supervision.pid(sandbox, "a"), "an unchanged session keeps its child");
        assertTrue(Procs.alive(a));
        List<String> listed = new ArrayList<>();
        sandbox.call("list", null).path("sessions").forEach(s -> listed.add(s.path("name").asText()));
        assertEquals(List.of("a", "b", "d"), listed);

        // Nothing changed now: a second reload touches nobody.
        JsonNode again = sandbox.call("reload", null);
        assertEquals(List.of("a", "b", "d"), names(again.path("unchanged")), again.toString());
        assertEquals(a, Supervision.pid(sandbox, "a"));
    }

    @Test
    void garbageSessionJsonIsReportedAndItsChildKeepsRunning() throws Exception {
        sandbox.helperSession("steady", "sleeper.sh", "\"cwd\": \"/tmp\"");
        sandbox.helperSession("edited", "sleeper.sh", "\"cwd\": \"/tmp\"");
        sandbox.startDaemon("--registry-poll", "600", "--no-registry-watch");
        long steady = Supervision.runningPid(sandbox, "steady");
        long edited = Supervision.runningPid(sandbox, "edited");

        sandbox.writeSession("edited", "{\"command\": [\"/bin/true\",");
        JsonNode result = sandbox.call("reload", null);
        assertEquals(1, result.path("invalid").size(), result.toString());
        JsonNode invalid = result.path("invalid").get(0);
        assertEquals("edited", invalid.path("session").asText());
        assertTrue(invalid.path("errors").size() > 0, result.toString());
        assertTrue(invalid.path("errors").toString().contains("session.json"), "the file is named: " + result);

        JsonNode st = sandbox.status("edited");
        assertEquals(edited, st.path("pid").asLong(), st.toString());
        assertEquals("running", st.path("state").asText());
        assertTrue(Procs.alive(edited));
        assertEquals(steady, Supervision.pid(sandbox, "steady"));
        assertTrue(sandbox.daemonOutput().contains("edited"), sandbox.daemonOutput());

        // Fixed again with the same spec: unchanged, still the same child.
        sandbox.helperSession("edited", "sleeper.sh", "\"cwd\": \"/tmp\"");
        JsonNode fixed = sandbox.call("reload", null);
        assertEquals(0, fixed.path("invalid").size(), fixed.toString());
        assertTrue(names(fixed.path("unchanged")).contains("edited"), fixed.toString());
        assertEquals(edited, Supervision.pid(sandbox, "edited"));
    }

    @Test
    void zeroSessionsIsNormalAndSighupPicksUpANewOne() throws Exception {
        Process daemon = sandbox.startDaemon("--registry-poll", "600", "--no-registry-watch");
        JsonNode list = sandbox.call("list", null);
        assertEquals(0, list.path("sessions").size(), list.toString());
        JsonNode empty = sandbox.call("reload", null);
        assertEquals(0, empty.path("added").size() + empty.path("unchanged").size(), empty.toString());
        assertTrue(daemon.isAlive());

        sandbox.helperSession("late", "sleeper.sh", "\"cwd\": \"/tmp\"");
        new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).inheritIO().start().waitFor();
        Awaits.await().until(() -> Supervision.state(sandbox, "late").equals("running"));
        assertTrue(daemon.isAlive());
    }

    @Test
    void cliReloadPrintsTheDiff() throws Exception {
        sandbox.helperSession("first", "sleeper.sh", "\"cwd\": \"/tmp\"");
        sandbox.startDaemon("--registry-poll", "600", "--no-registry-watch");
        Supervision.runningPid(sandbox, "first");
        sandbox.helperSession("second", "sleeper.sh", "\"cwd\": \"/tmp\"");
        WireSandbox.CliResult r = sandbox.cli("--json", "supervisor", "reload");
        assertEquals(0, r.exitCode(), r.describe());
        JsonNode result = wire.protocol.Json.mapper().readTree(r.stdout());
        assertEquals(List.of("second"), names(result.path("added")), r.describe());
        Supervision.runningPid(sandbox, "second");
    }
}
