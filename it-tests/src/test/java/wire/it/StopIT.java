package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DESIGN.md "Supervision semantics", stop: whole trees, grace then SIGKILL, intent down, backoff cancelled. */
class StopIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    @Test
    void stopReturnsOnlyWhenLeaderGrandchildrenAndSetsidEscapeeAreDead() throws Exception {
        Path home = sandbox.helperSession("tree", "forker.sh", "\"cwd\": \"/tmp\"");
        sandbox.startDaemon();
        long leader = Supervision.runningPid(sandbox, "tree");
        // forker.sh: itself, two sleeps in its group, one setsid sleep in a session of its own.
        Awaits.await().until(() -> Supervision.liveWithHome(home).size() == 4);
        List<Long> tree = Supervision.liveWithHome(home);
        assertTrue(tree.contains(leader));
        long escaped = tree.stream().filter(p -> !sameGroup(p, leader)).count();
        assertEquals(1, escaped, "exactly one process escaped the group: " + tree);

        JsonNode stopped = sandbox.call("stop", Map.of("session", "tree"));

        List<Long> survivors = tree.stream().filter(Procs::alive).toList();
        assertEquals(List.of(), survivors, "stop returned while these still ran");
        assertEquals(List.of(), Supervision.liveWithHome(home));
        assertEquals("stopped", stopped.path("state").asText());
        assertEquals("down", stopped.path("desired").asText());
        assertTrue(stopped.path("pid").isNull());
        JsonNode intent = Supervision.stateJson(home, "intent.json").orElseThrow();
        assertEquals("down", intent.path("desired").asText());
        assertEquals("stopped", Supervision.state(sandbox, "tree"));
    }

    @Test
    void stopEscalatesToSigkillAfterGraceForAChildThatIgnoresTerm() throws Exception {
        sandbox.helperSession("stubborn", "ignore-term.sh", "\"cwd\": \"/tmp\"");
        sandbox.startDaemon();
        long pid = Supervision.runningPid(sandbox, "stubborn");
        Path home = sandbox.home("stubborn");
        // The trap is set before the script says so.
        Awaits.await().until(() -> Supervision.read(Supervision.stateDir(home).resolve("stdout.log"))
                .contains("ignoring TERM"));

        long t0 = System.nanoTime();
        JsonNode stopped = sandbox.call("stop", Map.of("session", "stubborn", "grace_seconds", 1));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertTrue(took.compareTo(Duration.ofMillis(900)) >= 0, "SIGKILL came before the grace ended: " + took);
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "grace_seconds 1 was not honoured: " + took);
        assertEquals("stopped", stopped.path("state").asText());
        assertEquals("KILL", stopped.path("last_exit").path("signal").asText(), stopped.toString());
        assertTrue(stopped.path("last_exit").path("code").isNull(), stopped.toString());
        assertTrue(!Procs.alive(pid));
        JsonNode lastExit = Supervision.stateJson(home, "last_exit.json").orElseThrow();
        assertEquals("KILL", lastExit.path("signal").asText());
    }

    @Test
    void stopDuringBackoffActsAtOnceAndNothingSpawnsAfterwards() throws Exception {
        Path home = sandbox.home("looper");
        Path spawns = home.resolve("spawns");
        Path crash = Supervision.script(sandbox, "crash-stamp.sh", "date +%s%N >> \"$WIRE_HOME/spawns\"\nexit 3");
        Supervision.session(sandbox, "looper", List.of(crash.toString()), "\"cwd\": \"/tmp\"");
        sandbox.startDaemon();
        // The second backoff is 2 s: stop well inside it.
        Awaits.await().until(() -> Supervision.lines(spawns).size() >= 2
                && sandbox.status("looper").path("next_start_in_secs").asDouble() > 1.2);
        JsonNode before = sandbox.status("looper");
        assertEquals("backoff", before.path("state").asText(), before.toString());

        long t0 = System.nanoTime();
        JsonNode stopped = sandbox.call("stop", Map.of("session", "looper"));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertTrue(took.compareTo(Duration.ofMillis(800)) < 0, "stop waited for the backoff: " + took);
        assertEquals("stopped", stopped.path("state").asText());
        assertTrue(stopped.path("next_start_in_secs").isNull(), stopped.toString());
        int count = Supervision.lines(spawns).size();
        // Longer than the backoff that was cancelled, plus margin: still no new spawn.
        Duration hold = Duration.ofMillis((long) (before.path("next_start_in_secs").asDouble() * 1000) + 1000);
        Awaits.await().during(hold).until(() -> Supervision.lines(spawns).size() == count
                && Supervision.state(sandbox, "looper").equals("stopped"));
    }

    @Test
    void aLeaderThatDiesTakesItsOldGenerationWithItBeforeTheNextStarts() throws Exception {
        Path home = sandbox.helperSession("tree", "forker.sh", "\"cwd\": \"/tmp\"");
        sandbox.startDaemon();
        long leader = Supervision.runningPid(sandbox, "tree");
        Awaits.await().until(() -> Supervision.liveWithHome(home).size() == 4);
        List<Long> oldGeneration = Supervision.liveWithHome(home);

        Procs.killHard(leader);
        long next = Supervision.newPid(sandbox, "tree", leader);

        assertEquals(List.of(), oldGeneration.stream().filter(Procs::alive).toList(),
                "the grandchildren and the escapee of the dead leader were cleared; " + sandbox.daemonOutput());
        JsonNode st = sandbox.status("tree");
        assertEquals("KILL", st.path("last_exit").path("signal").asText(), st.toString());
        assertEquals(1, st.path("restart_count").asInt(), st.toString());
        Awaits.await().until(() -> Supervision.liveWithHome(home).size() == 4);
        assertTrue(Supervision.liveWithHome(home).contains(next));
    }

    private static boolean sameGroup(long pid, long pgid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[2]) == pgid;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
