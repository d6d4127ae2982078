package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DESIGN.md "Supervision semantics", restart policy: backoff 1, 2, 4 s between rapid failures,
 * restart by hand skips it, failed after the cap, on-failure and never, a long life resets it.
 * Each spawn of the crash script stamps the time in {@code $WIRE_HOME/spawns}, so gaps are read
 * from the children themselves, not from polling.
 */
class RestartPolicyIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    private Path crashSession(String name, String extraJson) {
        Path crash = Supervision.script(sandbox, "crash-stamp.sh", "date +%s%N >> \"$WIRE_HOME/spawns\"\nexit 3");
        return Supervision.session(sandbox, name, List.of(crash.toString()),
                "\"cwd\": \"/tmp\"" + (extraJson == null ? "" : ", " + extraJson));
    }

    private static List<Long> spawnNanos(Path home) {
        return Supervision.lines(home.resolve("spawns")).stream().map(Long::parseLong).toList();
    }

    @Test
    void gapsBetweenRapidFailuresGrowOneTwoFourSecondsAndRestartSkipsTheWait() throws Exception {
        Path home = crashSession("looper", "\"restart\": \"always\"");
        sandbox.startDaemon();
        Awaits.await(Duration.ofSeconds(30)).until(() -> spawnNanos(home).size() >= 4
                && Supervision.state(sandbox, "looper").equals("backoff"));

        List<Long> t = spawnNanos(home);
        List<Double> gaps = new ArrayList<>();
        for (int i = 1; i < 4; i++) {
            gaps.add((t.get(i) - t.get(i - 1)) / 1e9);
        }
        double[] expected = {1, 2, 4};
        for (int i = 0; i < 3; i++) {
            double g = gaps.get(i);
            assertTrue(g >= 0.8 * expected[i] && g <= 1.8 * expected[i],
                    "gap " + (i + 1) + " should be about " + expected[i] + " s; gaps: " + gaps);
        }
        JsonNode backoff = sandbox.status("looper");
        assertEquals(3, backoff.path("restart_count").asInt(), backoff.toString());
        assertEquals(3, backoff.path("last_exit").path("code").asInt(), backoff.toString());
        double next = backoff.path("next_start_in_secs").asDouble();
        assertTrue(next > 0 && next <= 8, "the fourth wait is 8 s: " + backoff);

        // restart skips the rest of the 8 s wait.
        long t0 = System.currentTimeMillis() * 1_000_000L; // epoch nanos, as `date +%s%N` writes
        sandbox.call("restart", Map.of("session", "looper"));
        Awaits.await().until(() -> spawnNanos(home).size() >= 5);
        long fifth = spawnNanos(home).get(4);
        assertTrue(fifth - t0 < 1_500_000_000L, "restart waited " + (fifth - t0) / 1e9 + " s");
        // A start by hand begins the count again: the crash after it waits 1 s, not 16.
        Awaits.await().until(() -> Supervision.state(sandbox, "looper").equals("backoff"));
        JsonNode after = sandbox.status("looper");
        assertTrue(after.path("next_start_in_secs").asDouble() <= 1.0, after.toString());
        assertEquals(0, after.path("restart_count").asInt(), after.toString());
    }

    @Test
    void failedAfterMaxRestartsInTheWindowAndStartByHandClearsIt() throws Exception {
        Path home = crashSession("capped", "\"max_restarts\": 2, \"restart_window_seconds\": 60");
        sandbox.startDaemon();
        Awaits.await().until(() -> Supervision.state(sandbox, "capped").equals("failed"));
        assertEquals(3, spawnNanos(home).size(), "1 + max_restarts spawns");
        JsonNode failed = sandbox.status("capped");
        assertEquals(2, failed.path("restart_count").asInt(), failed.toString());
        assertTrue(failed.path("next_start_in_secs").isNull(), failed.toString());
        assertEquals("up", failed.path("desired").asText());

        sandbox.call("start", Map.of("session", "capped"));
        Awaits.await().until(() -> spawnNanos(home).size() == 4);
        Awaits.await().until(() -> Supervision.state(sandbox, "capped").equals("backoff"));
    }

    @Test
    void onFailureLeavesACleanExitAlone() throws Exception {
        Path home = sandbox.helperSession("once", "exit0.sh", "\"cwd\": \"/tmp\", \"restart\": \"on-failure\"");
        sandbox.startDaemon();
        Awaits.await().until(() -> Supervision.state(sandbox, "once").equals("exited"));
        JsonNode st = sandbox.status("once");
        assertEquals(0, st.path("last_exit").path("code").asInt(), st.toString());
        assertTrue(st.path("last_exit").path("signal").isNull(), st.toString());
        assertEquals(0, st.path("restart_count").asInt());
        Path stdout = Supervision.stateDir(home).resolve("stdout.log");
        // A restart would come after 1 s of backoff.
        Awaits.await().during(Duration.ofMillis(1500)).until(() -> Supervision.lines(stdout).size() == 1
                && Supervision.state(sandbox, "once").equals("exited"));
    }

    @Test
    void neverRecordsTheCrashAndStaysExited() throws Exception {
        Path home = crashSession("fragile", "\"restart\": \"never\"");
        sandbox.startDaemon();
        Awaits.await().until(() -> Supervision.state(sandbox, "fragile").equals("exited"));
        JsonNode st = sandbox.status("fragile");
        assertEquals(3, st.path("last_exit").path("code").asInt(), st.toString());
        assertEquals(3, Supervision.stateJson(home, "last_exit.json").orElseThrow().path("code").asInt());
        Awaits.await().during(Duration.ofMillis(1500)).until(() -> spawnNanos(home).size() == 1);
    }

    @Test
    void aChildKilledAfterALongLifeIsRestartedAtOnce() throws Exception {
        sandbox.helperSession("veteran", "sleeper.sh", "\"cwd\": \"/tmp\"");
        sandbox.startDaemon();
        long pid = Supervision.runningPid(sandbox, "veteran");
        Awaits.await(Duration.ofSeconds(20)).until(() -> sandbox.status("veteran").path("uptime_secs").asLong() > 10);

        Instant killedAt = Instant.now();
        Procs.killHard(pid);
        Supervision.newPid(sandbox, "veteran", pid);
        // The daemon's own spawn time, so slow polling here cannot blur the measure.
        Instant respawned = Instant.parse(sandbox.status("veteran").path("started_at").asText());
        Duration took = Duration.between(killedAt, respawned);
        assertTrue(took.compareTo(Duration.ofMillis(800)) < 0, "a long life resets the backoff, yet it took " + took);
        JsonNode st = sandbox.status("veteran");
        assertEquals("KILL", st.path("last_exit").path("signal").asText(), st.toString());
        assertTrue(st.path("last_exit").path("lived_secs").asDouble() > 10, st.toString());
        assertEquals(1, st.path("restart_count").asInt(), st.toString());
    }
}
