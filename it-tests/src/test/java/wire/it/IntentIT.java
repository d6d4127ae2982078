package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DESIGN.md "Supervision semantics", stop: intent down survives a daemon restart; start sets it up again. */
class IntentIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    @Test
    void aStoppedSessionStaysStoppedAcrossADaemonRestart() throws Exception {
        sandbox.helperSession("quiet", "sleeper.sh", "\"cwd\": \"/tmp\"");
        sandbox.helperSession("busy", "sleeper.sh", "\"cwd\": \"/tmp\"");
        Process first = sandbox.startDaemon();
        long busy = Supervision.runningPid(sandbox, "busy");
        Supervision.runningPid(sandbox, "quiet");
        sandbox.call("stop", Map.of("session", "quiet"));

        first.destroy(); // SIGTERM: children keep running
        assertTrue(first.waitFor(20, TimeUnit.SECONDS), "daemon did not exit on SIGTERM");
        assertTrue(Procs.alive(busy), "SIGTERM to the daemon leaves children running");

        sandbox.startDaemon();
        JsonNode quiet = sandbox.status("quiet");
        assertEquals("stopped", quiet.path("state").asText(), quiet.toString());
        assertEquals("down", quiet.path("desired").asText());
        // A reload does not bring it back either.
        sandbox.call("reload", null);
        Awaits.await().during(Duration.ofMillis(500)).until(() -> Supervision.state(sandbox, "quiet").equals("stopped"));
        assertEquals(busy, Supervision.pid(sandbox, "busy"), "the running one was adopted, not restarted");
        assertEquals("adopted", sandbox.status("busy").path("owner").asText());

        JsonNode started = sandbox.call("start", Map.of("session", "quiet"));
        assertEquals("running", started.path("state").asText(), started.toString());
        assertEquals("up", started.path("desired").asText());
        assertEquals("up", Supervision.stateJson(sandbox.home("quiet"), "intent.json").orElseThrow()
                .path("desired").asText());
    }
}
