package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PROTOCOL.md "SessionStatus" and DESIGN.md "Stale binaries" / "Unmanaged", against real children. */
class StatusIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    private static final List<String> FIELDS = List.of("name", "state", "desired", "owner", "pid", "pgid",
            "started_at", "uptime_secs", "restart_count", "last_exit", "next_start_in_secs", "home_dir", "cwd",
            "bound", "eligible", "ineligible_reason", "last_sync_age_seconds", "daemon_version", "stale_binary",
            "command", "restart", "last_error");

    private static void assertAllFields(JsonNode st) {
        List<String> names = new ArrayList<>();
        st.fieldNames().forEachRemaining(names::add);
        assertEquals(FIELDS.stream().sorted().toList(), names.stream().sorted().toList(), st.toString());
        assertTrue(st.path("name").isTextual() && st.path("state").isTextual() && st.path("desired").isTextual());
        assertTrue(st.path("restart_count").isInt(), st.toString());
        assertTrue(st.path("home_dir").isTextual() && st.path("cwd").isTextual(), st.toString());
        assertTrue(st.path("bound").isBoolean() && st.path("eligible").isBoolean()
                && st.path("stale_binary").isBoolean(), st.toString());
        assertTrue(st.path("command").isArray() && st.path("restart").isTextual(), st.toString());
    }

    @Test
    void everyFieldIsPresentAndTruthfulForRunningCrashingAndStoppedSessions() throws Exception {
        Path home = sandbox.helperSession("api", "sleeper.sh", "\"cwd\": \"/tmp\"");
        Path crash = Supervision.script(sandbox, "crash-late.sh", "exit 3");
        Supervision.session(sandbox, "crashy", List.of(crash.toString()), "\"cwd\": \"/tmp\"");
        sandbox.helperSession("idle", "sleeper.sh", "\"cwd\": \"/tmp\", \"autostart\": false");
        sandbox.startDaemon();
        long pid = Supervision.runningPid(sandbox, "api");

        JsonNode st = sandbox.status("api");
        assertAllFields(st);
        assertEquals("running", st.path("state").asText());
        assertEquals("up", st.path("desired").asText());
        assertEquals("supervisor", st.path("owner").asText());
        assertEquals(pid, st.path("pgid").asLong());
        Instant started = Instant.parse(st.path("started_at").asText());
        assertTrue(!started.isAfter(Instant.now()), st.toString());
        assertTrue(st.path("uptime_secs").isIntegralNumber(), st.toString());
        assertEquals(0, st.path("restart_count").asInt());
        assertTrue(st.path("last_exit").isNull() && st.path("next_start_in_secs").isNull(), st.toString());
        assertEquals(home.toString(), st.path("home_dir").asText());
        assertEquals("/tmp", st.path("cwd").asText());
        assertTrue(st.path("bound").asBoolean() && st.path("eligible").asBoolean());
        assertTrue(st.path("ineligible_reason").isNull() && st.path("last_sync_age_seconds").isNull()
                && st.path("daemon_version").isNull(), st.toString());
        assertFalse(st.path("stale_binary").asBoolean());
        assertEquals(sandbox.helper("sleeper.sh").toString(), st.path("command").get(0).asText());
        assertEquals("always", st.path("restart").asText());
        long uptime = st.path("uptime_secs").asLong();
        Awaits.await().until(() -> sandbox.status("api").path("uptime_secs").asLong() > uptime);
        assertEquals(started.toString(), sandbox.status("api").path("started_at").asText());

        // A crash loop: last_exit, backoff with its remaining delay, automatic restarts counted.
        Awaits.await().until(() -> sandbox.status("crashy").path("restart_count").asInt() >= 1
                && Supervision.state(sandbox, "crashy").equals("backoff"));
        JsonNode c = sandbox.status("crashy");
        assertAllFields(c);
        JsonNode exit = c.path("last_exit");
        assertEquals(3, exit.path("code").asInt(), c.toString());
        assertTrue(exit.path("signal").isNull() && exit.path("at").isTextual() && exit.path("lived_secs").isNumber(),
                c.toString());
        assertTrue(c.path("next_start_in_secs").isNumber() && c.path("next_start_in_secs").asDouble() <= 2.0,
                c.toString());
        assertTrue(c.path("pid").isNull() && c.path("owner").isNull() && c.path("uptime_secs").isNull(), c.toString());

        JsonNode idle = sandbox.status("idle");
        assertAllFields(idle);
        assertEquals("stopped", idle.path("state").asText(), idle.toString());
        assertEquals("down", idle.path("desired").asText());
        assertTrue(idle.path("pid").isNull() && idle.path("started_at").isNull(), idle.toString());
        assertEquals(sandbox.helper("sleeper.sh").toString(), idle.path("command").get(0).asText(),
                "command shows what would run");

        for (JsonNode s : sandbox.call("list", null).path("sessions")) {
            assertAllFields(s);
        }
    }

    @Test
    void restartStaleRestartsExactlyTheSessionsWithAnOlderVersionOrAChangedExecutable() throws Exception {
        String version;
        for (String name : List.of("old", "current", "plain")) {
            sandbox.helperSession(name, "sleeper.sh", "\"cwd\": \"/tmp\"");
        }
        Path script = Supervision.script(sandbox, "edited.sh", "exec sleep 1000000");
        Supervision.session(sandbox, "edited", List.of(script.toString()), "\"cwd\": \"/tmp\"");
        sandbox.startDaemon();
        version = sandbox.call("version", null).path("version").asText();
        long old = Supervision.runningPid(sandbox, "old");
        long current = Supervision.runningPid(sandbox, "current");
        long plain = Supervision.runningPid(sandbox, "plain");
        long edited = Supervision.runningPid(sandbox, "edited");
        // daemon.pid as a session's daemon writes it, naming the running child.
        writeDaemonPid("old", old, "0.0.1");
        writeDaemonPid("current", current, version);
        Files.writeString(script, "#!/bin/sh\n# upgraded\nexec sleep 1000000\n");

        JsonNode oldSt = sandbox.status("old");
        assertEquals("0.0.1", oldSt.path("daemon_version").asText(), oldSt.toString());
        assertTrue(oldSt.path("stale_binary").asBoolean(), oldSt.toString());
        assertFalse(sandbox.status("current").path("stale_binary").asBoolean());
        assertEquals(version, sandbox.status("current").path("daemon_version").asText());
        assertFalse(sandbox.status("plain").path("stale_binary").asBoolean());
        assertTrue(sandbox.status("edited").path("stale_binary").asBoolean(), sandbox.status("edited").toString());

        JsonNode result = sandbox.call("restart", Map.of("stale", true));
        List<String> restarted = new ArrayList<>();
        for (JsonNode r : result.path("results")) {
            assertTrue(r.path("ok").asBoolean(), result.toString());
            restarted.add(r.path("session").asText());
        }
        assertEquals(List.of("edited", "old"), restarted.stream().sorted().toList(), result.toString());
        long newOld = Supervision.runningPid(sandbox, "old");
        assertTrue(newOld != old && !Procs.alive(old));
        assertTrue(Supervision.runningPid(sandbox, "edited") != edited);
        assertEquals(current, Supervision.pid(sandbox, "current"));
        assertEquals(plain, Supervision.pid(sandbox, "plain"));
        assertFalse(sandbox.status("old").path("stale_binary").asBoolean(), "the new child is not stale");
        assertFalse(sandbox.status("edited").path("stale_binary").asBoolean());

        JsonNode none = sandbox.call("restart", Map.of("stale", true));
        assertEquals(0, none.path("results").size(), none.toString());
    }

    @Test
    void unmanagedListsAProcessWithAWireHomeUnderTheRootThatNoSessionRuns() throws Exception {
        sandbox.helperSession("api", "sleeper.sh", "\"cwd\": \"/tmp\"");
        sandbox.startDaemon();
        long managed = Supervision.runningPid(sandbox, "api");
        Path ghost = sandbox.home("ghost");
        ProcessBuilder pb = new ProcessBuilder("sleep", "1000000");
        pb.environment().put("WIRE_HOME", ghost.toString());
        Process stray = pb.start();
        try {
            JsonNode list = sandbox.call("list", null);
            List<Long> pids = new ArrayList<>();
            JsonNode entry = null;
            for (JsonNode u : list.path("unmanaged")) {
                pids.add(u.path("pid").asLong());
                if (u.path("pid").asLong() == stray.pid()) {
                    entry = u;
                }
            }
            assertTrue(entry != null, "the stray sleep is listed: " + list.path("unmanaged"));
            assertEquals(ghost.toString(), entry.path("home_dir").asText());
            assertTrue(entry.path("cmdline").asText().contains("sleep 1000000"), entry.toString());
            assertFalse(pids.contains(managed), "a managed child is not unmanaged: " + pids);
        } finally {
            stray.destroyForcibly();
        }
    }

    private void writeDaemonPid(String session, long pid, String version) throws Exception {
        Path dir = Supervision.stateDir(sandbox.home(session));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("daemon.pid"), "{\"pid\": " + pid + ", \"version\": \"" + version + "\"}");
    }
}
