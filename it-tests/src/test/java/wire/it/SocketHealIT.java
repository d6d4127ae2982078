package wire.it;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PROTOCOL.md, Transport: a socket file deleted while the daemon runs is bound again within one registry poll. */
class SocketHealIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    @Test
    void aDeletedSocketFileIsBoundAgainWithinOneRegistryPoll() throws Exception {
        sandbox.startDaemon("--registry-poll", "1");
        for (int i = 0; i < 2; i++) {
            Files.delete(sandbox.socket());
            // one poll (1 s) plus the time a loaded machine takes to run it
            Awaits.await(Duration.ofMillis(2500)).until(() -> Supervisors.answers(sandbox.socket()));
        }
    }
}
