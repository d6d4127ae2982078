package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DESIGN.md, "Mutating commands bring the daemon up", with real CLI processes: ten at once start
 * exactly one supervisor; leftovers of a crashed one are ignored; a broken start is reported with
 * its command and log and not retried for 30 s; a process inside a session never autospawns.
 */
class AutospawnIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    @AfterEach
    void killAutospawnedDaemons() {
        // started detached by the CLI, so the sandbox does not know them
        Supervisors.killAll(sandbox.root());
    }

    @Test
    void tenConcurrentStartsBringUpExactlyOneSupervisor() throws Exception {
        sandbox.env("WIRE_NO_AUTOSPAWN", ""); // empty counts as unset
        sandbox.helperSession("api", "sleeper.sh", "\"cwd\": \"/tmp\", \"autostart\": false");
        List<Process> clis = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            clis.add(sandbox.launch(List.of("supervisor", "start", "api"), sandbox.root().resolve("cli-" + i + ".out")));
        }
        int announced = 0;
        for (int i = 0; i < clis.size(); i++) {
            Process p = clis.get(i);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "cli " + i + " hung");
            String out = Files.readString(sandbox.root().resolve("cli-" + i + ".out"));
            assertEquals(0, p.exitValue(), "cli " + i + ":\n" + out);
            announced += out.contains("started the supervisor") ? 1 : 0;
        }
        assertEquals(1, Supervisors.of(sandbox.root()).size(), "supervisors: " + Supervisors.of(sandbox.root()));
        assertEquals(1, announced, "exactly one CLI started it");
        assertEquals("running", sandbox.status("api").path("state").asText());
        long pid = sandbox.status("api").path("pid").asLong();
        // awaited: a fresh sleeper.sh briefly forks a subshell for $(pwd) before it execs sleep
        Awaits.await().untilAsserted(() ->
                assertEquals(List.of(pid), Supervisors.processesBySession(sandbox, List.of("api")).get("api")));
    }

    @Test
    void aStalePidfileAndAStaleSocketAreIgnored() throws Exception {
        sandbox.env("WIRE_NO_AUTOSPAWN", "");
        sandbox.helperSession("api", "sleeper.sh", "\"cwd\": \"/tmp\"");
        Files.writeString(sandbox.root().resolve("supervisor.pid"), "{\"pid\": 4194305}");
        Supervisors.staleSocket(sandbox.socket());
        WireSandbox.CliResult r = sandbox.cli("supervisor", "start", "api");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("removed the stale socket"), r.describe());
        assertEquals(1, Supervisors.of(sandbox.root()).size());
        assertTrue(Supervisors.answers(sandbox.socket()));
    }

    @Test
    void aBrokenStartPrintsItsCommandAndLogAndIsNotRetriedFor30Seconds() throws Exception {
        sandbox.env("WIRE_NO_AUTOSPAWN", "");
        // The daemon cannot bind a socket under /proc: it starts, then fails.
        sandbox.env("WIRE_SOCKET", "/proc/wire-no-such-dir/supervisor.sock");
        sandbox.helperSession("api", "sleeper.sh", "\"cwd\": \"/tmp\", \"autostart\": false");
        WireSandbox.CliResult first = sandbox.cli("supervisor", "start", "api");
        assertEquals(3, first.exitCode(), first.describe());
        assertTrue(first.stderr().contains("command: "), first.describe());
        assertTrue(first.stderr().contains("wire.supervisor.SupervisorMain --registry-poll"), first.describe());
        assertTrue(first.stderr().contains("  | "), "the end of supervisor.log: " + first.describe());
        Path marker = sandbox.root().resolve("supervisor.spawn-failed");
        assertTrue(Files.exists(marker));

        WireSandbox.CliResult again = sandbox.cli("supervisor", "start", "api");
        assertEquals(3, again.exitCode(), again.describe());
        assertTrue(again.stderr().contains("not trying again for 30 s"), again.describe());
        assertEquals(List.of(), Supervisors.of(sandbox.root()));
    }

    @Test
    void aProcessInsideASessionNeverStartsTheSupervisor() {
        sandbox.env("WIRE_NO_AUTOSPAWN", "");
        sandbox.helperSession("api", "sleeper.sh", "\"cwd\": \"/tmp\"");
        sandbox.env("WIRE_HOME", sandbox.home("api").toString());
        WireSandbox.CliResult r = sandbox.cli("supervisor", "start", "api");
        assertEquals(3, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("from inside a session"), r.describe());
        assertEquals(List.of(), Supervisors.of(sandbox.root()));
    }
}
