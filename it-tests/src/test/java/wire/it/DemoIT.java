package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's first command: {@code wire demo} runs a sandbox supervisor, {@code --stop} removes it all. */
class DemoIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    @Test
    void demoRunsExampleSessionsAndStopLeavesNothingBehind() {
        Path demo = sandbox.root().resolve("demo");
        sandbox.env("WIRE_DEMO_ROOT", demo.toString());

        WireSandbox.CliResult up = sandbox.cli("demo");

        assertEquals(0, up.exitCode(), up.describe());
        for (String session : List.of("worker", "crashy", "chatty", "keeper")) {
            assertTrue(up.stdout().contains(session), up.describe());
        }
        assertTrue(up.stdout().contains("export WIRE_ROOT=" + demo), up.describe());
        assertTrue(up.stdout().contains("demo --stop"), up.describe());
        Path keeperHome = demo.resolve("sessions/keeper");
        Awaits.await().until(() -> Files.exists(keeperHome.resolve("state/wire/last_sync.json")));
        assertFalse(Procs.withWireHomeUnder(demo).isEmpty(), "demo sessions run");

        WireSandbox.CliResult down = sandbox.cli("demo", "--stop");

        assertEquals(0, down.exitCode(), down.describe());
        assertFalse(Files.exists(demo), "sandbox removed");
        Awaits.await().until(() -> Procs.withWireHomeUnder(demo).stream().noneMatch(Procs::alive));
        assertTrue(Procs.withCmdlineContaining(demo.toString()).stream().noneMatch(Procs::alive),
                "no demo supervisor left");
    }
}
