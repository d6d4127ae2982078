package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DESIGN.md, "Idempotent spawn, adoption": a supervisor killed with SIGKILL leaves its children
 * running, and the next one adopts every one of them (same pid, owner {@code adopted}), never
 * starts a second set, and still restarts an adopted child that ends. A recorded pid that now
 * belongs to another process is neither adopted nor signalled.
 */
class AdoptionIT {
    private static final int SESSIONS = 20;
    private static final int DAEMON_KILLS = 5;

    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    private Process unrelated;

    @AfterEach
    void killUnrelated() {
        if (unrelated != null) {
            unrelated.destroyForcibly();
        }
    }

    @Test
    void killNineOfTheDaemonFiveTimesNeverDuplicatesNorLosesASession() throws Exception {
        List<String> names = IntStream.range(0, SESSIONS).mapToObj(i -> String.format("s%02d", i)).toList();
        for (String name : names) {
            sandbox.helperSession(name, "sleeper.sh", "\"cwd\": \"/tmp\"");
        }
        Process daemon = sandbox.startDaemon();
        Awaits.await().until(() -> Supervisors.list(sandbox).values().stream()
                .filter(s -> s.path("state").asText().equals("running")).count() == SESSIONS);
        Map<String, Long> pids = new HashMap<>();
        Supervisors.list(sandbox).forEach((name, s) -> pids.put(name, s.path("pid").asLong()));
        assertOneProcessPerSession(names, pids);

        for (int round = 0; round < DAEMON_KILLS; round++) {
            daemon.destroyForcibly();
            daemon.waitFor();
            assertOneProcessPerSession(names, pids); // the children outlive their supervisor

            daemon = sandbox.startDaemon();
            Map<String, JsonNode> listed = Supervisors.list(sandbox);
            assertEquals(SESSIONS, listed.size(), "no session lost");
            for (String name : names) {
                JsonNode s = listed.get(name);
                assertEquals("running", s.path("state").asText(), name + ": " + s);
                assertEquals("adopted", s.path("owner").asText(), name + ": " + s);
                assertEquals(pids.get(name).longValue(), s.path("pid").asLong(), name + " kept its pid");
            }
            assertOneProcessPerSession(names, pids);

            // An adopted child that ends is restarted by its policy, with an unknown exit status.
            String victim = names.get(round);
            long old = pids.get(victim);
            Procs.killHard(old);
            Awaits.await().until(() -> {
                JsonNode s = sandbox.status(victim);
                return s.path("state").asText().equals("running") && s.path("pid").asLong() != old;
            });
            JsonNode restarted = sandbox.status(victim);
            assertEquals("supervisor", restarted.path("owner").asText());
            assertTrue(restarted.path("last_exit").path("code").isNull(), restarted.toString());
            assertTrue(restarted.path("last_exit").path("signal").isNull(), restarted.toString());
            pids.put(victim, restarted.path("pid").asLong());
            assertOneProcessPerSession(names, pids);
        }
    }

    @Test
    void aRecordedPidNowUsedByAnotherProcessIsNeitherAdoptedNorSignalled() throws Exception {
        unrelated = new ProcessBuilder("sleep", "1000").start();
        long pid = unrelated.pid();
        Path home = sandbox.helperSession("reuse", "sleeper.sh", "\"cwd\": \"/tmp\"");
        writeChildJson(home, pid, Procs.startTime(pid) + 1);
        sandbox.startDaemon();

        Awaits.await().until(() -> sandbox.status("reuse").path("state").asText().equals("running"));
        JsonNode s = sandbox.status("reuse");
        assertNotEquals(pid, s.path("pid").asLong());
        assertEquals("supervisor", s.path("owner").asText());
        sandbox.call("stop", Map.of("session", "reuse"));
        assertTrue(unrelated.isAlive(), "the unrelated process was signalled");
    }

    @Test
    void aRecordedPidThatIsDeadStartsAFreshChild() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path home = sandbox.helperSession("dead", "sleeper.sh", "\"cwd\": \"/tmp\"");
        writeChildJson(home, gone.pid(), 12345);
        sandbox.startDaemon();
        Awaits.await().until(() -> sandbox.status("dead").path("state").asText().equals("running"));
        JsonNode s = sandbox.status("dead");
        assertEquals("supervisor", s.path("owner").asText());
        assertNotEquals(gone.pid(), s.path("pid").asLong());
    }

    /**
     * The leader dies while no supervisor runs, and processes of its group live on. The next
     * supervisor must not start a second generation beside them: it stops the old group (and the
     * escapee that carries the session's home) first, exactly as when it sees a group outlive its
     * leader while it runs.
     */
    @Test
    void aLeaderThatDiedWhileNoSupervisorRanHasItsGroupStoppedBeforeTheNewChild() throws Exception {
        Path home = sandbox.helperSession("forker", "forker.sh", "\"cwd\": \"/tmp\"");
        Process daemon = sandbox.startDaemon();
        Awaits.await().until(() -> sandbox.status("forker").path("state").asText().equals("running"));
        long leader = sandbox.status("forker").path("pid").asLong();
        // forker.sh: two sleeps in its group and one that setsid takes out of it.
        Awaits.await().until(() -> Procs.withWireHomeUnder(home).stream().filter(Procs::alive).count() == 4);
        List<Long> oldGeneration = Procs.withWireHomeUnder(home).stream().filter(pid -> pid != leader).toList();
        assertEquals(2, oldGeneration.stream().filter(pid -> Procs.processGroup(pid) == leader).count(),
                "two of the leader's group: " + oldGeneration);

        daemon.destroyForcibly();
        daemon.waitFor();
        Procs.killHard(leader);
        Awaits.await().until(() -> !Procs.alive(leader));
        assertTrue(oldGeneration.stream().allMatch(Procs::alive), "its group outlives the leader");

        sandbox.startDaemon();
        Awaits.await().until(() -> {
            JsonNode s = sandbox.status("forker");
            return s.path("state").asText().equals("running") && s.path("pid").asLong() != leader;
        });
        long next = sandbox.status("forker").path("pid").asLong();
        assertEquals("supervisor", sandbox.status("forker").path("owner").asText());
        Awaits.await().until(() -> oldGeneration.stream().noneMatch(Procs::alive));
        assertTrue(Procs.alive(next), "the new child runs");
        assertTrue(sandbox.daemonOutput().contains("the leader " + leader + " of group " + leader + " is gone"), "the daemon log says why");
    }

    @Test
    void aHandStartedDaemonIsExternalUntilItExitsThenSupervised() throws Exception {
        Path home = sandbox.helperSession("hand", "sleeper.sh", "\"cwd\": \"/tmp\"");
        ProcessBuilder pb = new ProcessBuilder("sleep", "1000");
        pb.environment().put("WIRE_HOME", home.toString());
        unrelated = pb.start();
        Path state = Files.createDirectories(home.resolve("state/wire"));
        Files.writeString(state.resolve("daemon.pid"), "{\"pid\": " + unrelated.pid() + ", \"version\": \"0.1.0\"}");
        sandbox.startDaemon();

        JsonNode s = sandbox.status("hand");
        assertEquals("external", s.path("owner").asText(), s.toString());
        assertEquals(unrelated.pid(), s.path("pid").asLong());
        JsonNode stopped = sandbox.call("stop", Map.of("session", "hand"));
        assertEquals("external", stopped.path("owner").asText(), "stop leaves an external daemon alone");
        assertTrue(unrelated.isAlive());
        sandbox.call("start", Map.of("session", "hand"));

        unrelated.destroyForcibly();
        Awaits.await().until(() -> sandbox.status("hand").path("owner").asText().equals("supervisor"));
        assertEquals("running", sandbox.status("hand").path("state").asText());
    }

    /**
     * Every session has exactly its one child. Awaited, not read once: a freshly spawned
     * sleeper.sh forks a short-lived subshell for {@code $(pwd)} before it execs sleep, while a
     * duplicate child would never go away.
     */
    private void assertOneProcessPerSession(List<String> names, Map<String, Long> pids) {
        Awaits.await(Duration.ofSeconds(5)).untilAsserted(() -> {
            Map<String, List<Long>> found = Supervisors.processesBySession(sandbox, names);
            for (String name : names) {
                assertEquals(List.of(pids.get(name)), found.get(name), name + ": exactly its one child, alive");
            }
        });
    }

    private static void writeChildJson(Path home, long pid, long startTime) throws IOException {
        Path state = Files.createDirectories(home.resolve("state/wire"));
        Files.writeString(state.resolve("child.json"), "{\"pid\": " + pid + ", \"pgid\": " + pid + ", \"start_time\": "
                + startTime + ", \"argv\": [\"sleep\", \"1000\"], \"executable\": \"/usr/bin/sleep\", \"fingerprint\": \"x\", "
                + "\"spawned_at\": \"2025-01-01T00:00:00Z\", \"supervisor_pid\": 1}");
    }
}
