package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DESIGN.md "The built-in per-session daemon": what a session without {@code command} runs. */
class BuiltInDaemonIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    @Test
    void aSessionWithoutCommandRunsWireDaemonWhichHoldsThePidfileAndSyncs() throws Exception {
        Path home = sandbox.writeSession("builtin", "{\"cwd\": \"/tmp\"}");
        sandbox.startDaemon();
        String version = sandbox.call("version", null).path("version").asText();
        long pid = Supervision.runningPid(sandbox, "builtin");
        Path pidfile = Supervision.stateDir(home).resolve("daemon.pid");

        Awaits.await().until(() -> Supervision.stateJson(home, "daemon.pid").isPresent()
                && Supervision.stateJson(home, "last_sync.json").isPresent());
        JsonNode dp = Supervision.stateJson(home, "daemon.pid").orElseThrow();
        assertEquals(pid, dp.path("pid").asLong(), "the supervised child itself holds daemon.pid: " + dp);
        assertEquals(version, dp.path("version").asText());
        assertTrue(Supervision.read(Path.of("/proc", Long.toString(pid), "cmdline")).contains("wire.supervisor.SessionDaemonMain"),
                "the built-in daemon's own entry point, not the CLI's");

        Awaits.await().until(() -> !sandbox.status("builtin").path("last_sync_age_seconds").isNull());
        JsonNode st = sandbox.status("builtin");
        assertTrue(st.path("last_sync_age_seconds").asLong() >= 0 && st.path("last_sync_age_seconds").asLong() < 10,
                st.toString());
        assertEquals(version, st.path("daemon_version").asText(), st.toString());
        assertFalse(st.path("stale_binary").asBoolean(), st.toString());
        assertEquals("supervisor", st.path("owner").asText());

        JsonNode stopped = sandbox.call("stop", Map.of("session", "builtin"));
        assertEquals("stopped", stopped.path("state").asText(), stopped.toString());
        assertFalse(Files.exists(pidfile), "a stopped wire daemon removes its pidfile");
        assertTrue(stopped.path("daemon_version").isNull(), stopped.toString());
    }
}
