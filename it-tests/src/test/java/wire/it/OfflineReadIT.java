package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import wire.protocol.Json;

/**
 * DESIGN.md, CLI: with the daemon down (never started, or killed with its socket file left behind)
 * {@code list} and {@code status} say so, show what the disk says, exit 3, and neither hang nor
 * print a stack trace.
 */
class OfflineReadIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    @Test
    void listAndStatusAfterTheDaemonWasKilledShowTheDiskView() throws Exception {
        sandbox.helperSession("api", "sleeper.sh", "\"cwd\": \"/tmp\"");
        Process daemon = sandbox.startDaemon();
        Awaits.await().until(() -> sandbox.status("api").path("state").asText().equals("running"));
        long child = sandbox.status("api").path("pid").asLong();
        daemon.destroyForcibly();
        daemon.waitFor(); // its socket file stays behind: stale

        WireSandbox.CliResult list = sandbox.cli("supervisor", "list");
        assertEquals(3, list.exitCode(), list.describe());
        assertTrue(list.stdout().startsWith("supervisor: not running (socket " + sandbox.socket() + ")"), list.describe());
        assertTrue(list.stdout().matches("(?s).*\napi +valid +" + child + " \\(alive\\).*"), list.describe());
        assertFalse(list.stderr().contains("Exception"), list.describe());

        WireSandbox.CliResult json = sandbox.cli("supervisor", "list", "--json");
        assertEquals(3, json.exitCode());
        JsonNode doc = Json.mapper().readTree(json.stdout());
        assertFalse(doc.path("daemon_running").asBoolean(true));
        assertEquals(child, doc.path("sessions").get(0).path("child_pid").asLong());
        assertTrue(doc.path("sessions").get(0).path("child_alive").asBoolean());

        WireSandbox.CliResult status = sandbox.cli("supervisor", "status", "api");
        assertEquals(3, status.exitCode(), status.describe());
        assertTrue(status.stdout().startsWith("supervisor: not running"), status.describe());
        assertTrue(status.stdout().contains(Long.toString(child)), status.describe());

        WireSandbox.CliResult supervisor = sandbox.cli("supervisor", "status");
        assertEquals(3, supervisor.exitCode(), supervisor.describe());
        assertFalse(supervisor.stderr().contains("Exception"), supervisor.describe());
    }

    @Test
    void listWithNoDaemonEverStartedSaysSo() {
        sandbox.helperSession("api", "sleeper.sh", null);
        WireSandbox.CliResult list = sandbox.cli("supervisor", "list");
        assertEquals(3, list.exitCode(), list.describe());
        assertTrue(list.stdout().contains("not running"), list.describe());
        assertTrue(list.stdout().contains("api"), list.describe());
    }
}
