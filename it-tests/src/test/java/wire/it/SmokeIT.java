package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sandbox itself works: a real daemon starts on a temp root and runs a helper child. */
class SmokeIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    @Test
    void daemonStartsAndRunsABoundHelperSession() throws Exception {
        sandbox.helperSession("api", "sleeper.sh", "\"cwd\": \"/tmp\"");
        sandbox.startDaemon();
        Awaits.await().until(() -> sandbox.status("api").path("state").asText().equals("running"));
        JsonNode status = sandbox.status("api");
        assertEquals("supervisor", status.path("owner").asText());
        assertEquals(status.path("pid").asLong(), status.path("pgid").asLong());
    }
}
