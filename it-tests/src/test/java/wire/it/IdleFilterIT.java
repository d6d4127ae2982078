package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DESIGN.md "Supervision semantics", idle filter: which unbound sessions start on their own. */
class IdleFilterIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    private Path unbound(String name) {
        return sandbox.helperSession(name, "sleeper.sh", null);
    }

    private static void activity(Path home, String file, Instant mtime) throws Exception {
        Path f = Supervision.stateDir(home).resolve(file);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "{\"ts\": \"" + mtime + "\"}");
        Files.setLastModifiedTime(f, FileTime.from(mtime));
    }

    @Test
    void anUnboundSessionStartsOnlyOnceItShowsRecentActivity() throws Exception {
        Path dormant = unbound("dormant");
        Path stale = unbound("stale");
        activity(stale, "last_sync.json", Instant.now().minus(Duration.ofDays(8)));
        Path future = unbound("future");
        activity(future, "notify.cursor", Instant.now().plus(Duration.ofDays(2)));
        Path pidOnly = unbound("pidonly");
        activity(pidOnly, "daemon.pid", Instant.now()); // the pidfile is not activity
        sandbox.startDaemon("--registry-poll", "600");

        JsonNode st = sandbox.status("dormant");
        assertEquals("ineligible", st.path("state").asText(), st.toString());
        assertFalse(st.path("eligible").asBoolean());
        assertTrue(st.path("ineligible_reason").asText().contains("never active"), st.toString());
        assertTrue(st.path("pid").isNull());
        JsonNode old = sandbox.status("stale");
        assertEquals("ineligible", old.path("state").asText(), old.toString());
        assertTrue(old.path("ineligible_reason").asText().contains("8 days"), old.toString());
        assertEquals("ineligible", Supervision.state(sandbox, "pidonly"));
        Supervision.runningPid(sandbox, "future"); // a future mtime counts as active
        assertEquals(1, Supervision.liveWithHome(future).size());
        assertEquals(0, Supervision.liveWithHome(dormant).size() + Supervision.liveWithHome(stale).size());

        activity(dormant, "last_sync.json", Instant.now());
        JsonNode reload = sandbox.call("reload", null);
        Supervision.runningPid(sandbox, "dormant");
        assertTrue(sandbox.status("dormant").path("eligible").asBoolean(), reload.toString());
        assertEquals("ineligible", Supervision.state(sandbox, "stale"));
    }

    @Test
    void maxIdleDaysZeroTurnsTheFilterOff() throws Exception {
        sandbox.env("WIRE_ALL_SESSIONS_MAX_IDLE_DAYS", "0");
        unbound("dormant");
        sandbox.startDaemon();
        Supervision.runningPid(sandbox, "dormant");
        assertTrue(sandbox.status("dormant").path("ineligible_reason").isNull());
        assertEquals(0, sandbox.call("list", null).path("supervisor").path("max_idle_days").asInt());
    }

    @Test
    void garbageMaxIdleDaysMeansSevenAndAnExplicitStartOverridesTheFilter() throws Exception {
        sandbox.env("WIRE_ALL_SESSIONS_MAX_IDLE_DAYS", "soon");
        Path recent = unbound("recent");
        activity(recent, "reactor.cursor", Instant.now().minus(Duration.ofDays(3)));
        Path old = unbound("old");
        activity(old, "reactor.cursor", Instant.now().minus(Duration.ofDays(8)));
        sandbox.startDaemon("--registry-poll", "600");
        assertEquals(7, sandbox.call("list", null).path("supervisor").path("max_idle_days").asInt());
        Supervision.runningPid(sandbox, "recent");
        assertEquals("ineligible", Supervision.state(sandbox, "old"));

        JsonNode started = sandbox.call("start", Map.of("session", "old"));
        assertEquals("running", started.path("state").asText(), started.toString());
        assertTrue(Procs.alive(started.path("pid").asLong()));
        // The override holds across a reload: the filter governs automatic starts only.
        long pid = started.path("pid").asLong();
        sandbox.call("reload", null);
        assertEquals(pid, Supervision.pid(sandbox, "old"));
        assertEquals("running", Supervision.state(sandbox, "old"));
    }
}
