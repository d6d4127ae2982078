package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DESIGN.md "Idempotent spawn, adoption" (external) and "The built-in per-session daemon": a
 * {@code wire daemon} started by hand in a session home is left alone by the supervisor until it
 * exits; its pidfile refuses a second daemon by name and is reclaimed when stale.
 */
class ExternalDaemonIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    private Process handDaemon(Path home, String tag) {
        return Supervision.wireInHome(sandbox, home, List.of("daemon", "--interval", "1"),
                sandbox.root().resolve("hand-" + tag + ".out"));
    }

    private static long pidfilePid(Path home) {
        return Supervision.stateJson(home, "daemon.pid").map(n -> n.path("pid").asLong()).orElse(-1L);
    }

    @Test
    void aDaemonStartedByHandIsExternalNeverSignalledAndReplacedOnlyAfterItExits() throws Exception {
        Path home = sandbox.helperSession("ext", "sleeper.sh", "\"cwd\": \"/tmp\"");
        Process hand = handDaemon(home, "1");
        Awaits.await().until(() -> pidfilePid(home) == hand.pid());

        sandbox.startDaemon();
        JsonNode st = sandbox.status("ext");
        assertEquals("external", st.path("owner").asText(), st.toString());
        assertEquals(hand.pid(), st.path("pid").asLong(), st.toString());
        assertEquals("running", st.path("state").asText());
        assertTrue(Files.notExists(Supervision.stateDir(home).resolve("child.json")), "nothing was spawned");

        JsonNode stopped = sandbox.call("stop", Map.of("session", "ext"));
        assertTrue(hand.isAlive(), "stop signalled the external daemon: " + stopped);
        JsonNode started = sandbox.call("start", Map.of("session", "ext"));
        assertEquals(hand.pid(), started.path("pid").asLong(), started.toString());
        JsonNode restarted = sandbox.call("restart", Map.of("session", "ext"));
        assertEquals(hand.pid(), restarted.path("pid").asLong(), restarted.toString());
        assertTrue(hand.isAlive(), "restart signalled the external daemon");
        assertTrue(Files.notExists(Supervision.stateDir(home).resolve("child.json")), "nothing was spawned");

        hand.destroy();
        assertTrue(hand.waitFor(20, TimeUnit.SECONDS));
        Awaits.await().until(() -> sandbox.status("ext").path("owner").asText().equals("supervisor"));
        long own = Supervision.runningPid(sandbox, "ext");
        assertTrue(own != hand.pid());
        assertEquals(own, Supervision.stateJson(home, "child.json").orElseThrow().path("pid").asLong());
    }

    @Test
    void aSecondDaemonInTheSameHomeRefusesAndNamesTheHolder() throws Exception {
        Path home = sandbox.writeSession("solo", "{\"cwd\": \"/tmp\"}");
        Process first = handDaemon(home, "1");
        Awaits.await().until(() -> pidfilePid(home) == first.pid());

        Process second = handDaemon(home, "2");
        assertTrue(second.waitFor(20, TimeUnit.SECONDS), "the second daemon did not give up");
        String out = Supervision.read(sandbox.root().resolve("hand-2.out"));
        assertEquals(1, second.exitValue(), out);
        assertTrue(out.contains("pid " + first.pid()), "the holder is named: " + out);
        assertTrue(first.isAlive());
        assertEquals(first.pid(), pidfilePid(home), "the loser left the pidfile alone");
    }

    @Test
    void aStalePidfileIsReclaimedByTheDaemonAndIgnoredByTheSupervisor() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String stale = "{\"pid\": " + gone.pid() + ", \"version\": \"0.0.1\"}";

        Path byHand = sandbox.writeSession("reclaim", "{\"cwd\": \"/tmp\", \"autostart\": false}");
        Files.createDirectories(Supervision.stateDir(byHand));
        Files.writeString(Supervision.stateDir(byHand).resolve("daemon.pid"), stale);
        Process hand = handDaemon(byHand, "1");
        Awaits.await().until(() -> pidfilePid(byHand) == hand.pid());
        assertTrue(hand.isAlive());

        Path supervised = sandbox.helperSession("leftover", "sleeper.sh", "\"cwd\": \"/tmp\"");
        Files.createDirectories(Supervision.stateDir(supervised));
        Files.writeString(Supervision.stateDir(supervised).resolve("daemon.pid"), stale);
        sandbox.startDaemon();
        Supervision.runningPid(sandbox, "leftover");
        assertEquals("supervisor", sandbox.status("leftover").path("owner").asText());
    }
}
