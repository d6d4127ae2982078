package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DESIGN.md, "Daemon signals": SIGTERM and SIGINT end the daemon (socket unlinked, lock and pidfile
 * released) and leave the children to the next daemon; {@code shutdown --stop-sessions} stops every
 * child first, escalating to SIGKILL; SIGHUP reloads.
 */
class DaemonSignalsIT {
    private static final List<String> NAMES = List.of("a", "b", "stubborn");

    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    @Test
    void sigtermAndSigintLeaveTheChildrenRunningForTheNextDaemonToAdopt() throws Exception {
        sessions();
        Process daemon = sandbox.startDaemon();
        Map<String, Long> pids = awaitRunning();

        for (String signal : List.of("TERM", "INT")) {
            Process dying = daemon;
            Supervisors.signal(dying.pid(), signal);
            Awaits.await().until(() -> !dying.isAlive());
            assertFalse(Files.exists(sandbox.socket()), "SIG" + signal + ": socket unlinked");
            assertFalse(Files.exists(sandbox.root().resolve("supervisor.pid")), "SIG" + signal + ": pidfile removed");
            assertEquals(pids, alive(), "SIG" + signal + ": children keep running");

            daemon = sandbox.startDaemon(); // the lock was released
            for (String name : NAMES) {
                JsonNode s = sandbox.status(name);
                assertEquals("adopted", s.path("owner").asText(), s.toString());
                if (pids.containsKey(name)) {
                    assertEquals(pids.get(name).longValue(), s.path("pid").asLong());
                }
            }
        }
    }

    @Test
    void shutdownWithStopSessionsLeavesNoChildBehind() throws Exception {
        sessions();
        Process daemon = sandbox.startDaemon();
        awaitRunning();
        WireSandbox.CliResult r = sandbox.cli("supervisor", "shutdown", "--stop-sessions");
        assertEquals(0, r.exitCode(), r.describe());
        Awaits.await().until(() -> !daemon.isAlive());
        Map<String, List<Long>> left = Supervisors.processesBySession(sandbox, NAMES);
        left.forEach((name, pids) -> assertEquals(List.of(), pids, name + " left processes behind"));
        assertFalse(Files.exists(sandbox.socket()));
    }

    /**
     * Stopping hundreds of sessions at once, adopted ones here as after a daemon restart, must not
     * cost a look at the whole process table per session: the shutdown returns (within the CLI
     * test's 60 s; it takes seconds) and leaves nothing of any session running.
     */
    @Test
    void shutdownWithStopSessionsStopsThreeHundredAdoptedSessions() throws Exception {
        int n = 300;
        IntStream.range(0, n).forEach(i -> sandbox.writeSession(String.format("s%03d", i),
                "{\"command\": [\"sleep\", \"100000\"], \"cwd\": \"/tmp\"}"));
        Process first = sandbox.startDaemon();
        Awaits.await(Duration.ofSeconds(60)).until(() -> running(Supervisors.list(sandbox)) == n);
        Procs.killHard(first.pid());
        Awaits.await().until(() -> !first.isAlive());
        Process daemon = sandbox.startDaemon();
        Map<String, JsonNode> adopted = Supervisors.list(sandbox);
        assertEquals(n, running(adopted));
        assertTrue(adopted.values().stream().allMatch(s -> s.path("owner").asText().equals("adopted")));

        WireSandbox.CliResult r = sandbox.cli("supervisor", "shutdown", "--stop-sessions");

        assertEquals(0, r.exitCode(), r.describe());
        Awaits.await().until(() -> !daemon.isAlive());
        List<Long> left = Procs.withWireHomeUnder(sandbox.root().resolve("sessions")).stream().filter(Procs::alive).toList();
        assertEquals(List.of(), left, "processes of stopped sessions still run");
    }

    private static long running(Map<String, JsonNode> sessions) {
        return sessions.values().stream().filter(s -> s.path("state").asText().equals("running")).count();
    }

    @Test
    void sighupReloadsTheRegistry() throws Exception {
        Process daemon = sandbox.startDaemon();
        sandbox.helperSession("late", "sleeper.sh", "\"cwd\": \"/tmp\"");
        Supervisors.signal(daemon.pid(), "HUP");
        Awaits.await().until(() -> sandbox.status("late").path("state").asText().equals("running"));
        assertTrue(daemon.isAlive());
    }

    /**
     * nohup starts the daemon with SIGHUP ignored, and the JVM keeps an inherited ignored signal
     * ignored instead of installing a handler. The registry poll is an hour, so only the HUP can
     * bring the new session in.
     */
    @Test
    void aDaemonStartedWithSighupIgnoredStillReloadsOnSighup() throws Exception {
        Process daemon = sandbox.startDaemon(List.of("nohup"), "--registry-poll", "3600");
        sandbox.helperSession("late", "sleeper.sh", "\"cwd\": \"/tmp\"");
        Supervisors.signal(daemon.pid(), "HUP");
        Awaits.await().until(() -> sandbox.status("late").path("state").asText().equals("running"));
        assertTrue(daemon.isAlive());
        assertFalse(sandbox.daemonOutput().contains("reload by HUP is off"), sandbox.daemonOutput());
    }

    /**
     * A daemon started from a shell that ignores SIGTERM and SIGINT (a detaching start passes on
     * what its caller ignored) still ends on each, through its shutdown: socket gone, children
     * left for the next daemon.
     */
    @Test
    void aDaemonStartedWithSigtermAndSigintIgnoredStillEndsOnEach() throws Exception {
        List<String> ignoring = List.of("sh", "-c", "trap '' TERM INT; exec \"$@\"", "sh");
        for (String signal : List.of("TERM", "INT")) {
            sandbox.helperSession("kept", "sleeper.sh", "\"cwd\": \"/tmp\"");
            Process daemon = sandbox.startDaemon(ignoring);
            long child = Supervision.runningPid(sandbox, "kept");
            Supervisors.signal(daemon.pid(), signal);
            Awaits.await().until(() -> !daemon.isAlive());
            assertFalse(Files.exists(sandbox.socket()), signal + ": the socket is left behind");
            assertTrue(Procs.alive(child), signal + ": the child was stopped with the daemon");
        }
    }

    private void sessions() {
        sandbox.helperSession("a", "sleeper.sh", "\"cwd\": \"/tmp\"");
        sandbox.helperSession("b", "sleeper.sh", "\"cwd\": \"/tmp\"");
        sandbox.helperSession("stubborn", "ignore-term.sh", "\"cwd\": \"/tmp\", \"stop_grace_seconds\": 1");
    }

    private Map<String, Long> awaitRunning() throws Exception {
        Awaits.await().until(() -> Supervisors.list(sandbox).values().stream()
                .allMatch(s -> s.path("state").asText().equals("running")) && Supervisors.list(sandbox).size() == 3);
        // a fresh sleeper.sh briefly forks a subshell for $(pwd) before it execs sleep
        return Awaits.await().until(this::alive, pids -> true);
    }

    /** The pid of each session's one live process, failing if a session has none or several. */
    private Map<String, Long> alive() {
        Map<String, List<Long>> found = Supervisors.processesBySession(sandbox, List.of("a", "b"));
        found.forEach((name, pids) -> assertEquals(1, pids.size(), name + ": " + pids));
        return Map.of("a", found.get("a").getFirst(), "b", found.get("b").getFirst());
    }
}
