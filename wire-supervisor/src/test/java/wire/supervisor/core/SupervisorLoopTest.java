package wire.supervisor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static wire.supervisor.core.Awaits.done;
import static wire.supervisor.core.Awaits.failure;
import static wire.supervisor.core.Awaits.until;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wire.protocol.ConfigProblem;
import wire.protocol.Desired;
import wire.protocol.InvalidSession;
import wire.protocol.ReloadResult;
import wire.protocol.ErrorCode;
import wire.protocol.Json;
import wire.protocol.Owner;
import wire.protocol.RestartPolicy;
import wire.protocol.RpcException;
import wire.protocol.SessionSpec;
import wire.protocol.SessionState;
import wire.protocol.SessionStatus;
import wire.protocol.StopSignal;
import wire.supervisor.process.SpawnRequest;

class SupervisorLoopTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final List<String> BUILT_IN = List.of("java", "-jar", "wire.jar", "daemon");

    @TempDir
    Path root;

    private final FakeProcessControl os = new FakeProcessControl();
    private final SettableClock clock = new SettableClock(T0);
    private final List<String> transitions = Collections.synchronizedList(new ArrayList<>());
    private final List<SupervisorLoop> opened = new ArrayList<>();
    private SupervisorLoop loop;

    @BeforeEach
    void openLoop() {
        loop = newLoop();
    }

    @AfterEach
    void closeLoops() {
        opened.forEach(SupervisorLoop::close);
    }

    private SupervisorLoop newLoop() {
        return newLoop(0);
    }

    private SupervisorLoop newLoop(int spawnHelpers) {
        LoopConfig config = new LoopConfig("1.2.0",
                Map.of("PATH", "/usr/bin", "HOME", "/home/me", "WIRE_ROOT", root.toString(), "WIRE_SOCKET", "/tmp/s",
                        "WIRE_HOME", "/somewhere/else"),
                BUILT_IN, Duration.ofMillis(5), Duration.ofSeconds(5), spawnHelpers);
        SupervisorLoop l = SupervisorLoop.open(config, os, clock,
                (session, from, to, at, status) -> transitions.add(session + ":" + from + "->" + to));
        opened.add(l);
        return l;
    }

    // ---- fixtures ----

    private Path home(String name) {
        return root.resolve("sessions").resolve(name);
    }

    private static SessionSpec spec(boolean autostart, RestartPolicy policy, int maxRestarts) {
        return new SessionSpec(List.of("/usr/bin/worker", "--serve"), null, Map.of("APP_MODE", "test"), autostart,
                policy, StopSignal.TERM, 10, maxRestarts, 60, 1024, 2);
    }

    private static SessionSpec spec() {
        return spec(true, RestartPolicy.ALWAYS, 10);
    }

    /** An entry as the registry gives it: its home is a directory that exists. */
    private SessionEntry entry(String name, SessionSpec spec) {
        try {
            Files.createDirectories(home(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SessionEntry.valid(name, home(name), spec);
    }

    private ReloadResult reload(SessionEntry... entries) {
        return done(loop.reload(List.of(entries)));
    }

    private SessionStatus status(String name) {
        return done(loop.status(name));
    }

    private void awaitState(String name, SessionState state) {
        until(name + " is " + state, () -> status(name).state() == state);
    }

    private long runningPid(String name) {
        SessionStatus s = status(name);
        assertEquals(SessionState.RUNNING, s.state(), s::toString);
        return s.pid();
    }

    /** Moves the clock and lets the loop look at its deadlines again. */
    private void advance(Duration d) {
        clock.advance(d);
        loop.nudge();
    }

    private JsonNode stateFile(String name, String file) throws IOException {
        return Json.mapper().readTree(Files.readString(StateFiles.dir(home(name)).resolve(file)));
    }

    private static RpcException rpc(Throwable t) {
        return assertInstanceOf(RpcException.class, t);
    }

    // ---- start ----

    @Test
    void startSpawnsTheChildAndAnswersWithItsRunningStatus() throws IOException {
        SessionSpec manual = spec(false, RestartPolicy.ALWAYS, 10);
        ReloadResult r = reload(entry("api", manual));
        assertEquals(List.of("api"), r.added());
        assertEquals(SessionState.STOPPED, status("api").state());
        assertEquals(List.of(), os.spawns());

        SessionStatus s = done(loop.start("api"));

        assertEquals(SessionState.RUNNING, s.state());
        assertEquals(Desired.UP, s.desired());
        assertEquals(Owner.SUPERVISOR, s.owner());
        assertEquals(os.lastSpawnedPid(), s.pid());
        assertEquals(s.pid(), s.pgid());
        assertEquals(T0, s.startedAt());
        assertEquals(0L, s.uptimeSecs());
        assertEquals(List.of("/usr/bin/worker", "--serve"), s.command());
        assertEquals(home("api").toString(), s.homeDir());
        assertEquals(home("api").toString(), s.cwd());
        assertFalse(s.bound());
        assertEquals(RestartPolicy.ALWAYS, s.restart());

        SpawnRequest req = os.spawns().getFirst();
        assertEquals(home("api"), req.cwd());
        assertEquals(StateFiles.dir(home("api")).resolve("stdout.log"), req.stdoutLog());
        assertEquals(StateFiles.dir(home("api")).resolve("stderr.log"), req.stderrLog());

        assertEquals("up", stateFile("api", "intent.json").get("desired").asText());
        JsonNode child = stateFile("api", "child.json");
        assertEquals(s.pid(), child.get("pid").asLong());
        assertEquals(os.startTimeOf(s.pid()), child.get("start_time").asLong());
        assertEquals("/usr/bin/worker", child.get("argv").get(0).asText());
        assertEquals("fp-1", child.get("fingerprint").asText());
        assertEquals(ProcessHandle.current().pid(), child.get("supervisor_pid").asLong());
        assertEquals(T0.toString(), child.get("spawned_at").asText());

        clock.advance(Duration.ofSeconds(42));
        assertEquals(42L, status("api").uptimeSecs());
    }

    @Test
    void childEnvironmentCarriesExactlyOneWireVariable() {
        reload(entry("api", spec()));
        until("spawned", () -> os.spawns().size() == 1);
        Map<String, String> env = os.spawns().getFirst().env();
        assertEquals(List.of("WIRE_HOME"), env.keySet().stream().filter(k -> k.startsWith("WIRE_")).toList());
        assertEquals(home("api").toString(), env.get("WIRE_HOME"));
        assertEquals("/usr/bin", env.get("PATH"));
        assertEquals("test", env.get("APP_MODE"));
        assertFalse(os.spawns().getFirst().argv().contains("api"), "the session name is never an argument");
    }

    @Test
    void sessionWithoutCommandRunsTheBuiltInDaemonInItsCwd() {
        SessionSpec builtIn = new SessionSpec(null, "/srv/proj", Map.of(), true, RestartPolicy.ALWAYS, StopSignal.TERM,
                10, 10, 60, 1024, 2);
        reload(entry("api", builtIn));
        until("spawned", () -> os.spawns().size() == 1);
        assertEquals(BUILT_IN, os.spawns().getFirst().argv());
        assertEquals(Path.of("/srv/proj"), os.spawns().getFirst().cwd());
        SessionStatus s = status("api");
        assertEquals(BUILT_IN, s.command());
        assertEquals("/srv/proj", s.cwd());
        assertTrue(s.bound());
    }

    @Test
    void spawnFailureFailsStartWithSpawnFailedAndBacksOff() {
        reload(entry("api", spec(false, RestartPolicy.ALWAYS, 10)));
        os.failSpawnsWith("/usr/bin/worker: No such file or directory");

        RpcException e = rpc(failure(loop.start("api")));

        assertEquals(ErrorCode.SPAWN_FAILED.code(), e.code());
        assertEquals("api", e.data().get("session").asText());
        assertEquals("/usr/bin/worker: No such file or directory", e.data().get("detail").asText());
        SessionStatus s = status("api");
        assertEquals(SessionState.BACKOFF, s.state());
        assertEquals(1.0, s.nextStartInSecs());
        assertNull(s.pid());
        assertEquals("/usr/bin/worker: No such file or directory", s.lastError().message());

        os.failSpawnsWith(null);
        advance(Duration.ofSeconds(1));
        awaitState("api", SessionState.RUNNING);
        assertNull(status("api").lastError(), "a successful spawn clears the last error");
        assertEquals(1, status("api").restartCount());
    }

    // ---- exits, backoff, window ----

    @Test
    void exitBacksOffThenRespawns() throws IOException {
        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);
        long first = runningPid("api");

        clock.advance(Duration.ofSeconds(2));
        os.exit(first, 3);
        awaitState("api", SessionState.BACKOFF);
        SessionStatus waiting = status("api");
        assertEquals(1.0, waiting.nextStartInSecs());
        assertEquals(3, waiting.lastExit().code());
        assertEquals(2.0, waiting.lastExit().livedSecs());
        assertEquals(1, os.spawns().size());
        assertEquals(3, stateFile("api", "last_exit.json").get("code").asInt());

        advance(Duration.ofSeconds(1));
        awaitState("api", SessionState.RUNNING);
        SessionStatus again = status("api");
        assertNotEquals(first, again.pid());
        assertEquals(1, again.restartCount());
        assertEquals(2, os.spawns().size());
    }

    @Test
    void aFailedSpawnBacksOffFromWhenItFailedNotFromWhenTheReconcileBegan() {
        // Three spawns of two seconds each, as a thousand quick ones on a busy machine: the last
        // fails six seconds after the reconcile began, and still waits its whole second.
        os.everySpawnTakes(clock, Duration.ofSeconds(2));
        os.failSpawnsWith("/usr/bin/worker: No such file or directory");
        reload(entry("a", spec()), entry("b", spec()), entry("c", spec()));
        until("all back off", () -> done(loop.list()).stream().allMatch(s -> s.state() == SessionState.BACKOFF));

        assertEquals(3, os.spawnAttempts(), "no attempt without its backoff");
        for (String name : List.of("a", "b", "c")) {
            assertEquals(1.0, status(name).nextStartInSecs(), name);
        }
        os.everySpawnTakes(clock, Duration.ZERO);
        advance(Duration.ofSeconds(1));
        until("second attempts", () -> os.spawnAttempts() == 6);
    }

    @Test
    void stopDuringBackoffCancelsRestartAtOnce() {
        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);
        os.exit(runningPid("api"), 1);
        awaitState("api", SessionState.BACKOFF);

        SessionStatus stopped = done(loop.stop("api", Optional.empty()));

        assertEquals(SessionState.STOPPED, stopped.state());
        assertEquals(Desired.DOWN, stopped.desired());
        assertNull(stopped.nextStartInSecs());
        advance(Duration.ofMinutes(5));
        assertEquals(SessionState.STOPPED, status("api").state());
        assertEquals(1, os.spawns().size());
    }

    @Test
    void restartSkipsBackoff() {
        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);
        os.exit(runningPid("api"), 1);
        awaitState("api", SessionState.BACKOFF);

        SessionStatus s = done(loop.restart("api"));

        assertEquals(SessionState.RUNNING, s.state());
        assertEquals(0, s.restartCount());
        assertEquals(2, os.spawns().size());
    }

    @Test
    void restartStopsTheOldGroupAndAnswersWithTheNewChild() {
        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);
        long old = runningPid("api");

        SessionStatus s = done(loop.restart("api"));

        assertEquals(SessionState.RUNNING, s.state());
        assertNotEquals(old, s.pid());
        assertFalse(os.alive(old));
        assertTrue(os.sent().contains(new FakeProcessControl.Sent(old, true, 15)));
        assertEquals("TERM", s.lastExit().signal());
        assertEquals(2, os.spawns().size());
    }

    @Test
    void startOfARunningSessionNeverSpawnsASecondChild() {
        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);
        long pid = runningPid("api");
        for (int i = 0; i < 3; i++) {
            assertEquals(pid, done(loop.start("api")).pid());
        }
        assertEquals(1, os.spawns().size());
    }

    @Test
    void negativeGraceIsInvalidParams() {
        reload(entry("api", spec()));
        RpcException e = rpc(failure(loop.stop("api", Optional.of(-1L))));
        assertEquals(ErrorCode.INVALID_PARAMS.code(), e.code());
        assertEquals("grace_seconds", e.data().get("field").asText());
    }

    @Test
    void failedAfterTheCapAndStartClearsIt() {
        reload(entry("api", spec(true, RestartPolicy.ALWAYS, 2)));
        for (int spawn = 1; spawn <= 3; spawn++) {
            int n = spawn;
            until("spawn " + n, () -> os.spawns().size() == n && status("api").state() == SessionState.RUNNING);
            os.exit(runningPid("api"), 1);
            if (spawn < 3) {
                awaitState("api", SessionState.BACKOFF);
                advance(Duration.ofSeconds(5));
            }
        }
        awaitState("api", SessionState.FAILED);
        assertEquals(3, os.spawns().size(), "1 + max_restarts spawns");
        advance(Duration.ofMinutes(10));
        assertEquals(SessionState.FAILED, status("api").state());
        assertEquals(2, status("api").restartCount());

        SessionStatus s = done(loop.start("api"));
        assertEquals(SessionState.RUNNING, s.state());
        assertEquals(0, s.restartCount());
        assertEquals(4, os.spawns().size());
    }

    @Test
    void aChangedSpecGivesAFailedSessionAFreshStart() {
        reload(entry("api", spec(true, RestartPolicy.ALWAYS, 0)));
        until("first spawn", () -> os.spawns().size() == 1 && status("api").state() == SessionState.RUNNING);
        os.exit(runningPid("api"), 1);
        awaitState("api", SessionState.FAILED);

        SessionSpec fixed = new SessionSpec(List.of("/usr/bin/worker", "--fixed"), null, Map.of(), true,
                RestartPolicy.ALWAYS, StopSignal.TERM, 10, 0, 60, 1024, 2);
        ReloadResult r = reload(entry("api", fixed));

        assertEquals(List.of("api"), r.changed());
        awaitState("api", SessionState.RUNNING);
        assertEquals(List.of("/usr/bin/worker", "--fixed"), os.spawns().getLast().argv());
    }

    @Test
    void anUnchangedSpecLeavesAFailedSessionFailed() {
        reload(entry("api", spec(true, RestartPolicy.ALWAYS, 0)));
        until("first spawn", () -> os.spawns().size() == 1 && status("api").state() == SessionState.RUNNING);
        os.exit(runningPid("api"), 1);
        awaitState("api", SessionState.FAILED);

        ReloadResult r = reload(entry("api", spec(true, RestartPolicy.ALWAYS, 0)));

        assertEquals(List.of("api"), r.unchanged());
        advance(Duration.ofMinutes(5));
        assertEquals(SessionState.FAILED, status("api").state());
        assertEquals(1, os.spawns().size());
    }

    @Test
    void onFailurePolicyLeavesACleanExitExited() {
        reload(entry("api", spec(true, RestartPolicy.ON_FAILURE, 10)));
        awaitState("api", SessionState.RUNNING);
        os.exit(runningPid("api"), 0);
        awaitState("api", SessionState.EXITED);
        advance(Duration.ofMinutes(1));
        assertEquals(1, os.spawns().size());
        assertEquals(0, status("api").lastExit().code());
    }

    // ---- stop ----

    @Test
    void stopEscalatesToKillAfterGraceThenSweepsEscapees() {
        os.childrenIgnoreStopSignal(true);
        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);
        long leader = runningPid("api");
        long grandchild = os.addProcess(leader, Map.of("WIRE_HOME", home("api").toString()), true);
        long escapee = os.addProcess(null, Map.of("WIRE_HOME", home("api").toString()), true);
        long stranger = os.addProcess(null, Map.of("WIRE_HOME", home("other").toString()), true);

        var stopping = loop.stop("api", Optional.of(3L));
        until("TERM sent", () -> os.sent().contains(new FakeProcessControl.Sent(leader, true, 15)));
        assertEquals(SessionState.STOPPING, status("api").state());
        assertFalse(stopping.isDone(), "the group ignores TERM: the stop waits for the grace");

        advance(Duration.ofSeconds(3));
        SessionStatus s = done(stopping);

        assertEquals(SessionState.STOPPED, s.state());
        assertTrue(os.sent().contains(new FakeProcessControl.Sent(leader, true, 9)));
        assertTrue(os.sent().contains(new FakeProcessControl.Sent(escapee, false, 9)));
        assertFalse(os.alive(leader) || os.alive(grandchild) || os.alive(escapee));
        assertTrue(os.alive(stranger));
        assertFalse(os.everSignalled(stranger));
        assertEquals("KILL", s.lastExit().signal());
        assertNull(s.lastExit().code());
    }

    @Test
    void stopTimesOutWhenTheGroupSurvivesSigkill() {
        os.childrenSurviveSigkill(true);
        os.childrenIgnoreStopSignal(true);
        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);

        var stopping = loop.stop("api", Optional.of(0L));
        until("KILL sent", () -> os.sent().stream().anyMatch(x -> x.group() && x.signal() == 9));
        advance(Duration.ofSeconds(5));

        RpcException e = rpc(failure(stopping));
        assertEquals(ErrorCode.STOP_TIMEOUT.code(), e.code());
        assertEquals("api", e.data().get("session").asText());
        assertEquals(SessionState.FAILED, status("api").state());
        assertEquals(1, os.spawns().size(), "no second generation beside a survivor");
    }

    @Test
    void stoppedStaysStoppedInANewLoopOnTheSameHomes() {
        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);
        done(loop.stop("api", Optional.empty()));
        loop.close();

        loop = newLoop();
        reload(entry("api", spec()));
        advance(Duration.ofMinutes(1));

        SessionStatus s = status("api");
        assertEquals(SessionState.STOPPED, s.state());
        assertEquals(Desired.DOWN, s.desired());
        assertEquals(1, os.spawns().size());
    }

    // ---- adoption and external ----

    @Test
    void nextLoopAdoptsAMatchingChildAndRestartsItByPolicyWhenItEnds() throws IOException {
        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);
        long pid = runningPid("api");
        loop.close();
        assertTrue(os.alive(pid), "closing the loop leaves children running");

        loop = newLoop();
        reload(entry("api", spec()));
        SessionStatus s = status("api");
        assertEquals(Owner.ADOPTED, s.owner());
        assertEquals(pid, s.pid());
        assertEquals(1, os.spawns().size());

        clock.advance(Duration.ofSeconds(30));
        os.exit(pid, 7);
        until("replaced", () -> os.spawns().size() == 2);
        SessionStatus after = status("api");
        assertEquals(30.0, stateFile("api", "last_exit.json").get("lived_secs").asDouble(),
                "written once the restart is under way");
        assertEquals(Owner.SUPERVISOR, after.owner());
        assertNull(after.lastExit().code(), "an adopted child's code cannot be known");
        assertNull(after.lastExit().signal());
        assertEquals(30.0, after.lastExit().livedSecs());
    }

    @Test
    void childRecordWithAnotherStartTimeIsNotAdoptedNorSignalled() throws IOException {
        long stranger = os.addProcess(null, Map.of(), false);
        StateFiles.writeChild(home("api"), new ChildRecord(stranger, stranger, os.startTimeOf(stranger) + 1,
                List.of("/usr/bin/worker"), "/usr/bin/worker", "fp-1", T0.minusSeconds(600), 1));

        reload(entry("api", spec()));
        until("spawned fresh", () -> os.spawns().size() == 1);
        assertEquals(Owner.SUPERVISOR, status("api").owner());
        assertNotEquals(stranger, status("api").pid());

        done(loop.stop("api", Optional.empty()));
        assertTrue(os.alive(stranger));
        assertFalse(os.everSignalled(stranger));
    }

    @Test
    void aChildSpawnedButNotYetRecordedWhenTheSupervisorDiedIsAdoptedNotDuplicated() throws IOException {
        Map<String, String> env = Map.of("WIRE_HOME", home("api").toString());
        long olderEscapee = os.addProcess(null, env, false); // an earlier generation's setsid escapee
        StateFiles.writeSpawnMark(home("api"), new StateFiles.SpawnMark(1, os.bootId(), os.ticksSinceBoot(), T0));
        long child = os.addProcess(null, env, false);
        long grandchild = os.addProcess(child, env, false);
        long laterEscapee = os.addProcess(null, env, false);

        reload(entry("api", spec()));
        SessionStatus s = status("api");
        assertEquals(Owner.ADOPTED, s.owner());
        assertEquals(child, s.pid());
        assertEquals(List.of(), os.spawns(), "a second child was started");
        assertEquals(child, stateFile("api", "child.json").get("pid").asLong(), "recorded for the next supervisor");
        assertFalse(Files.exists(StateFiles.spawning(home("api"))));
        assertTrue(os.alive(olderEscapee) && os.alive(grandchild) && os.alive(laterEscapee));
    }

    @Test
    void aMarkFromAnotherBootAdoptsNothingAndIsRemoved() throws IOException {
        Map<String, String> env = Map.of("WIRE_HOME", home("api").toString());
        StateFiles.writeSpawnMark(home("api"), new StateFiles.SpawnMark(1, "an-earlier-boot", 0, T0));
        long handStarted = os.addProcess(null, env, false); // leads its group, carries the home

        reload(entry("api", spec()));
        until("spawned", () -> os.spawns().size() == 1);
        assertNotEquals(handStarted, status("api").pid());
        assertFalse(os.everSignalled(handStarted));
        assertFalse(Files.exists(StateFiles.spawning(home("api"))), "a decided mark stays behind");
    }

    @Test
    void aSpawnLeavesNoMarkBehindWhetherItSucceedsOrFails() {
        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);
        assertFalse(Files.exists(StateFiles.spawning(home("api"))), "the mark outlived child.json");

        os.failSpawnsWith("No such file or directory");
        reload(entry("web", spec()));
        awaitState("web", SessionState.BACKOFF);
        assertFalse(Files.exists(StateFiles.spawning(home("web"))), "the mark outlived a failed spawn");
    }

    @Test
    void aPassThatStartsSeveralSessionsOnHelpersGivesEachItsOwnOutcome() throws IOException {
        loop = newLoop(2);
        os.failSpawnsWith("/usr/bin/worker: No such file or directory");
        reload(entry("x", spec()), entry("y", spec()), entry("z", spec()));
        for (String name : List.of("x", "y", "z")) {
            awaitState(name, SessionState.BACKOFF); // all three due again at the same instant
        }
        // y's daemon was started by hand meanwhile: its spawn is skipped, between two that are not.
        long ext = os.addProcess(null, Map.of("WIRE_HOME", home("y").toString()), false);
        AtomicFiles.write(StateFiles.dir(home("y")).resolve("daemon.pid"),
                ("{\"pid\":" + ext + ",\"version\":\"1.2.0\"}").getBytes());
        os.failSpawnsWith(null);

        advance(Duration.ofSeconds(60));

        until("x and z running", () -> status("x").state() == SessionState.RUNNING
                && status("z").state() == SessionState.RUNNING);
        SessionStatus y = status("y");
        assertEquals(Owner.EXTERNAL, y.owner(), y::toString);
        assertEquals(ext, y.pid());
        assertEquals(2, os.spawns().size());
        Set<Long> pids = new HashSet<>();
        for (String name : List.of("x", "z")) {
            SessionStatus s = status(name);
            assertEquals(Owner.SUPERVISOR, s.owner(), s::toString);
            assertEquals(s.pid(), stateFile(name, "child.json").get("pid").asLong(), name + "'s child.json");
            assertTrue(os.hasEnv(s.pid(), "WIRE_HOME", home(name).toString()), name + " tracks another session's child");
            assertNull(s.lastError(), "a successful spawn clears the last error");
            assertEquals(1, s.restartCount());
            assertFalse(Files.exists(StateFiles.spawning(home(name))));
            pids.add(s.pid());
        }
        assertEquals(2, pids.size());
    }

    @Test
    void externalDaemonIsLeftAloneAndReplacedAfterItExits() throws IOException {
        long ext = os.addProcess(null, Map.of("WIRE_HOME", home("api").toString()), false);
        AtomicFiles.write(StateFiles.dir(home("api")).resolve("daemon.pid"),
                ("{\"pid\":" + ext + ",\"version\":\"1.2.0\"}").getBytes());

        reload(entry("api", spec()));
        SessionStatus s = status("api");
        assertEquals(Owner.EXTERNAL, s.owner());
        assertEquals(ext, s.pid());
        assertEquals("1.2.0", s.daemonVersion());
        assertEquals(List.of(), os.spawns());

        assertEquals(Owner.EXTERNAL, done(loop.start("api")).owner());
        assertEquals(Owner.EXTERNAL, done(loop.restart("api")).owner());
        SessionStatus afterStop = done(loop.stop("api", Optional.of(0L)));
        assertEquals(Owner.EXTERNAL, afterStop.owner(), "stop never signals an external daemon");
        assertFalse(os.everSignalled(ext));
        assertTrue(os.alive(ext));

        done(loop.start("api"));
        os.exit(ext, 0);
        until("replaced by a supervised child", () -> os.spawns().size() == 1);
        assertEquals(Owner.SUPERVISOR, status("api").owner());
        assertFalse(os.everSignalled(ext));
    }

    @Test
    void pidReusedByAnUnrelatedProcessIsNotExternal() throws IOException {
        long unrelated = os.addProcess(null, Map.of("WIRE_HOME", "/elsewhere"), false);
        AtomicFiles.write(StateFiles.dir(home("api")).resolve("daemon.pid"), Long.toString(unrelated).getBytes());

        reload(entry("api", spec()));
        until("spawned", () -> os.spawns().size() == 1);
        assertEquals(Owner.SUPERVISOR, status("api").owner());
        assertNull(status("api").daemonVersion());
        assertFalse(os.everSignalled(unrelated));
    }

    // ---- reload ----

    @Test
    void reloadReportsEveryKindOfChangeAndRestartsOnlyTheChangedSession() {
        reload(entry("a", spec()), entry("b", spec()), entry("c", spec()), entry("d", spec()));
        until("all running", () -> os.spawns().size() == 4 && done(loop.list()).stream()
                .allMatch(s -> s.state() == SessionState.RUNNING));
        long a = runningPid("a");
        long b = runningPid("b");
        long c = runningPid("c");
        long d = runningPid("d");
        SessionSpec changed = new SessionSpec(List.of("/usr/bin/worker", "--v2"), null, Map.of(), true,
                RestartPolicy.ALWAYS, StopSignal.TERM, 10, 10, 60, 1024, 2);

        ReloadResult r = reload(entry("a", spec()), entry("b", changed),
                new SessionEntry("d", home("d"), null, List.of(new ConfigProblem(null, "$.restart", "unknown policy \"sometimes\"")), true, null),
                entry("e", spec()));

        assertEquals(List.of("e"), r.added());
        assertEquals(List.of("c"), r.removed());
        assertEquals(List.of("b"), r.changed());
        assertEquals(List.of("a"), r.unchanged());
        assertEquals(List.of(new InvalidSession("d", List.of(new ConfigProblem(null, "$.restart", "unknown policy \"sometimes\"")))), r.invalid());

        until("b restarted", () -> status("b").state() == SessionState.RUNNING && status("b").pid() != b);
        assertEquals(List.of("/usr/bin/worker", "--v2"), status("b").command());
        until("c gone", () -> done(loop.list()).stream().noneMatch(s -> s.name().equals("c")));
        assertFalse(os.alive(c));
        assertEquals(ErrorCode.SESSION_NOT_FOUND.code(), rpc(failure(loop.status("c"))).code());
        awaitState("e", SessionState.RUNNING);
        assertEquals(a, runningPid("a"));
        assertEquals(d, runningPid("d"), "an invalid session.json leaves the running child untouched");
        assertTrue(os.alive(a) && os.alive(d));
        assertFalse(os.everSignalled(a) || os.everSignalled(d));
        assertEquals(List.of("a", "b", "d", "e"), done(loop.list()).stream().map(SessionStatus::name).toList());
    }

    @Test
    void ineligibleSessionWaitsForAStartByHand() {
        reload(new SessionEntry("api", home("api"), spec(), List.of(), false, "idle for 30 days"));
        SessionStatus s = status("api");
        assertEquals(SessionState.INELIGIBLE, s.state());
        assertFalse(s.eligible());
        assertEquals("idle for 30 days", s.ineligibleReason());
        assertEquals(List.of(), os.spawns());

        assertEquals(SessionState.RUNNING, done(loop.start("api")).state());
        done(loop.stop("api", Optional.empty()));
        assertEquals(SessionState.STOPPED, status("api").state());
    }

    @Test
    void startOfAnInvalidSessionIsInvalidConfigAndUnknownNamesAreNotFound() {
        reload(new SessionEntry("bad", home("bad"), null, List.of(new ConfigProblem(null, "$.command", "must not be empty")), true, null));
        RpcException e = rpc(failure(loop.start("bad")));
        assertEquals(ErrorCode.INVALID_CONFIG.code(), e.code());
        assertEquals("$.command", e.data().get("errors").get(0).get("path").asText());
        assertEquals("must not be empty", e.data().get("errors").get(0).get("message").asText());
        assertEquals(ErrorCode.SESSION_NOT_FOUND.code(), rpc(failure(loop.start("nope"))).code());
        assertEquals("nope", rpc(failure(loop.stop("nope", Optional.empty()))).data().get("session").asText());
    }

    // ---- status and list without the queue ----

    /** Once a command is answered, the status answered without the loop is the one the loop gives. */
    private void assertViewIsCurrent(String name) {
        SessionStatus fromViews = loop.statusFromViews(name);
        assertNotNull(fromViews, "an idle loop's status is answered from its views");
        assertEquals(done(loop.statusFromLoop(name)), fromViews);
    }

    @Test
    void statusWithoutTheQueueReflectsEveryCommandAlreadyAnswered() {
        reload(entry("api", spec()), entry("idle", spec(false, RestartPolicy.ALWAYS, 10)));
        assertViewIsCurrent("api");
        assertViewIsCurrent("idle");
        assertEquals(SessionState.STOPPED, loop.statusFromViews("idle").state());

        done(loop.start("idle"));
        assertEquals(SessionState.RUNNING, loop.statusFromViews("idle").state());
        assertViewIsCurrent("idle");

        done(loop.stop("api", Optional.empty()));
        SessionStatus stopped = loop.statusFromViews("api");
        assertEquals(SessionState.STOPPED, stopped.state());
        assertEquals(Desired.DOWN, stopped.desired());
        assertViewIsCurrent("api");

        long before = runningPid("idle");
        SessionStatus restarted = done(loop.restart("idle"));
        assertNotEquals(before, restarted.pid());
        assertEquals(restarted.pid(), loop.statusFromViews("idle").pid());
        assertViewIsCurrent("idle");

        os.exit(restarted.pid(), 1);
        awaitState("idle", SessionState.BACKOFF);
        assertNotNull(loop.statusFromViews("idle").nextStartInSecs());
        assertViewIsCurrent("idle");
        assertEquals(done(loop.listFromLoop()), done(loop.list()));

        reload(entry("api", spec()));
        assertNull(loop.statusFromViews("idle"), "a removed session is asked of the loop, which says why");
        assertEquals(ErrorCode.SESSION_NOT_FOUND.code(), rpc(failure(loop.status("idle"))).code());
        assertEquals(List.of("api"), done(loop.list()).stream().map(SessionStatus::name).toList());
    }

    @Test
    void statusAfterAShutdownBeganIsAskedOfTheLoop() {
        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);
        done(loop.shutdown(false));
        assertNull(loop.statusFromViews("api"));
        assertEquals(ErrorCode.SHUTTING_DOWN.code(), rpc(failure(loop.status("api"))).code());
    }

    // ---- generations, staleness, status ----

    @Test
    void grandchildrenOfAnExitedLeaderAreStoppedBeforeTheNextGeneration() {
        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);
        long leader = runningPid("api");
        long grandchild = os.addProcess(leader, Map.of("WIRE_HOME", home("api").toString()), false);

        os.exit(leader, 1);
        awaitState("api", SessionState.BACKOFF);
        assertTrue(os.alive(grandchild));
        advance(Duration.ofSeconds(1));

        until("next generation", () -> os.spawns().size() == 2);
        assertFalse(os.alive(grandchild));
        assertTrue(os.sent().contains(new FakeProcessControl.Sent(leader, true, 15)));
        awaitState("api", SessionState.RUNNING);
    }

    @Test
    void aLeaderThatEndedBetweenTwoLoopsHasItsGroupStoppedBeforeTheNextGeneration() {
        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);
        long leader = runningPid("api");
        long grandchild = os.addProcess(leader, Map.of("WIRE_HOME", home("api").toString()), false);
        loop.close();
        os.exit(leader, 1); // nobody watches: the loop that spawned it is gone

        loop = newLoop();
        reload(entry("api", spec()));
        until("next generation", () -> os.spawns().size() == 2);
        assertFalse(os.alive(grandchild), "two generations ran side by side");
        assertTrue(os.sent().contains(new FakeProcessControl.Sent(leader, true, 15)));
        awaitState("api", SessionState.RUNNING);
    }

    @Test
    void aLiveGroupNamedByADeadLeaderButCarryingAnotherHomeIsNotStopped() {
        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);
        long leader = runningPid("api");
        long stranger = os.addProcess(leader, Map.of("WIRE_HOME", "/somewhere/else"), false);
        loop.close();
        os.exit(leader, 1);

        loop = newLoop();
        reload(entry("api", spec()));
        until("next generation", () -> os.spawns().size() == 2);
        assertTrue(os.alive(stranger));
        assertFalse(os.sent().stream().anyMatch(s -> s.target() == leader && s.group()), "signalled a group not its own");
    }

    @Test
    void restartStaleRestartsExactlyTheStaleSessions() throws IOException {
        reload(entry("old", spec()), entry("current", spec()), entry("rebuilt",
                new SessionSpec(List.of("/opt/rebuilt"), null, Map.of(), true, RestartPolicy.ALWAYS, StopSignal.TERM,
                        10, 10, 60, 1024, 2)));
        until("all running", () -> os.spawns().size() == 3);
        awaitState("rebuilt", SessionState.RUNNING);
        long old = runningPid("old");
        long current = runningPid("current");
        AtomicFiles.write(StateFiles.dir(home("old")).resolve("daemon.pid"),
                ("{\"pid\":" + old + ",\"version\":\"1.1.9\"}").getBytes());
        AtomicFiles.write(StateFiles.dir(home("current")).resolve("daemon.pid"),
                ("{\"pid\":" + current + ",\"version\":\"1.2.0\"}").getBytes());
        os.setFingerprint("/opt/rebuilt", "fp-2");
        assertTrue(status("old").staleBinary());
        assertFalse(status("current").staleBinary());
        assertTrue(status("rebuilt").staleBinary());

        List<SessionOutcome> outcomes = done(loop.restartStale());

        assertEquals(List.of("old", "rebuilt"), outcomes.stream().map(SessionOutcome::session).toList());
        assertTrue(outcomes.stream().allMatch(SessionOutcome::ok));
        assertEquals(current, runningPid("current"));
        assertNotEquals(old, runningPid("old"));
        assertEquals(5, os.spawns().size());
    }

    @Test
    void statusFillsEveryFieldFromWhatIsKnown() throws IOException {
        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);
        long pid = runningPid("api");
        AtomicFiles.write(StateFiles.dir(home("api")).resolve("daemon.pid"),
                ("{\"pid\":" + pid + ",\"version\":\"1.2.0\"}").getBytes());
        AtomicFiles.write(StateFiles.dir(home("api")).resolve("last_sync.json"),
                ("{\"ts\":\"" + T0.plusSeconds(10) + "\"}").getBytes());
        clock.advance(Duration.ofSeconds(40));

        SessionStatus s = status("api");
        assertEquals(40L, s.uptimeSecs());
        assertEquals(30L, s.lastSyncAgeSeconds());
        assertEquals("1.2.0", s.daemonVersion());
        assertFalse(s.staleBinary());
        assertTrue(s.eligible());
        assertNull(s.ineligibleReason());
        assertNull(s.nextStartInSecs());
        assertNull(s.lastExit());

        AtomicFiles.write(StateFiles.dir(home("api")).resolve("last_sync.json"),
                ("{\"ts\":\"" + T0.plusSeconds(3600) + "\"}").getBytes());
        assertEquals(0L, status("api").lastSyncAgeSeconds(), "a future timestamp counts as age 0");
    }

    @Test
    void tornStateFilesAreIgnored() throws IOException {
        Path dir = StateFiles.dir(home("api"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("intent.json"), "{\"desired\":\"do");
        Files.writeString(dir.resolve("child.json"), "{\"pid\": 12");
        Files.writeString(dir.resolve("last_exit.json"), "garbage");
        Files.writeString(dir.resolve("daemon.pid"), "{\"pid\":");
        Files.writeString(dir.resolve("last_sync.json"), "{\"ts\":\"yesterday\"}");

        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);
        SessionStatus s = status("api");
        assertEquals(Desired.UP, s.desired());
        assertNull(s.lastExit());
        assertNull(s.daemonVersion());
        assertNull(s.lastSyncAgeSeconds());
        assertEquals(s.pid(), stateFile("api", "child.json").get("pid").asLong(), "replaced by a whole record");
    }

    @Test
    void transitionsAreReportedInOrder() {
        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);
        os.exit(runningPid("api"), 1);
        awaitState("api", SessionState.BACKOFF);
        done(loop.stop("api", Optional.empty()));
        until("four transitions", () -> transitions.size() >= 4);
        assertEquals(List.of("api:null->STARTING", "api:STARTING->RUNNING", "api:RUNNING->BACKOFF",
                "api:BACKOFF->STOPPED"), transitions);
    }

    @Test
    void transitionsNobodyListensToAreNotToldButTheNextOneStartsFromTheRightState() {
        AtomicBoolean listening = new AtomicBoolean();
        List<String> told = Collections.synchronizedList(new ArrayList<>());
        loop.close();
        loop = SupervisorLoop.open(new LoopConfig("1.2.0", Map.of("PATH", "/usr/bin"), BUILT_IN, Duration.ofMillis(5),
                Duration.ofSeconds(5)), os, clock, new TransitionListener() {
                    @Override
                    public void changed(String session, SessionState from, SessionState to, Instant at,
                            SessionStatus status) {
                        told.add(from + "->" + to + ":" + status.state());
                    }

                    @Override
                    public boolean listening(String session) {
                        return listening.get();
                    }
                });
        opened.add(loop);
        reload(entry("api", spec()));
        awaitState("api", SessionState.RUNNING);
        assertEquals(List.of(), told);

        listening.set(true);
        os.exit(runningPid("api"), 1);
        awaitState("api", SessionState.BACKOFF);
        until("told", () -> !told.isEmpty());
        assertEquals(List.of("RUNNING->BACKOFF:BACKOFF"), told);
    }

    // ---- shutdown ----

    @Test
    void shutdownWithStopSessionsStopsEveryChildButKeepsTheirIntent() throws IOException {
        reload(entry("a", spec()), entry("b", spec()));
        until("both running", () -> os.spawns().size() == 2);
        awaitState("b", SessionState.RUNNING);
        long a = runningPid("a");
        long b = runningPid("b");

        List<String> stopped = done(loop.shutdown(true));

        assertEquals(List.of("a", "b"), stopped);
        assertFalse(os.alive(a) || os.alive(b));
        assertFalse(Files.exists(StateFiles.dir(home("a")).resolve("intent.json")), "intent is not changed");
        assertEquals(ErrorCode.SHUTTING_DOWN.code(), rpc(failure(loop.start("a"))).code());
    }

    @Test
    void shutdownWithoutStopSessionsLeavesChildrenRunning() {
        reload(entry("a", spec()));
        awaitState("a", SessionState.RUNNING);
        long a = runningPid("a");
        assertEquals(List.of(), done(loop.shutdown(false)));
        assertTrue(os.alive(a));
        assertFalse(os.everSignalled(a));
        assertNotNull(rpc(failure(loop.list())));
    }
}
