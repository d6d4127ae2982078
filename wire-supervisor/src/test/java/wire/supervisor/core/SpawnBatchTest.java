package wire.supervisor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wire.supervisor.process.ExitStatus;
import wire.supervisor.process.LinuxProcessControl;
import wire.supervisor.process.ProcessControl;
import wire.supervisor.process.SpawnRequest;
import wire.supervisor.process.SpawnedChild;

/**
 * {@link SpawnBatch} on the real OS: every job of a batch gets its own child, its own
 * {@code child.json} and no mark left behind, whatever number of threads shared the batch, and
 * the outcomes come back in the jobs' order; a job that cannot start fails alone.
 */
class SpawnBatchTest {
    private static final int SIGKILL = 9;
    private static final String HELPER = "wire-spawn-helper-";

    @TempDir
    Path dir;

    private final LinuxProcessControl control = LinuxProcessControl.open();
    private final Map<Long, CompletableFuture<ExitStatus>> exits = new ConcurrentHashMap<>();
    private SpawnBatch batch;

    @AfterEach
    void stopEverything() {
        try {
            // Only groups not yet reaped: a reaped child's pid may already be someone else's.
            exits.forEach((pid, exit) -> {
                if (!exit.isDone()) {
                    control.signalGroup(pid, SIGKILL);
                }
            });
            Awaits.until("every child of the test reaped", () -> exits.values().stream().allMatch(CompletableFuture::isDone));
        } finally {
            if (batch != null) {
                batch.close();
            }
            control.close();
        }
    }

    @ParameterizedTest(name = "{0} helpers")
    @ValueSource(ints = {0, 1, 3})
    void everyJobGetsItsOwnChildAndRecordAndTheOutcomesKeepTheJobsOrder(int helpers) throws IOException {
        batch = batch(control, helpers);
        List<SpawnBatch.Job> jobs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            jobs.add(job("s" + i, List.of("sleep", "1000")));
        }

        List<SpawnBatch.Outcome> outcomes = batch.run(jobs);

        watchAll(outcomes);
        assertEquals(jobs.size(), outcomes.size());
        Set<Long> pids = new HashSet<>();
        for (int i = 0; i < jobs.size(); i++) {
            SpawnBatch.Outcome o = outcomes.get(i);
            assertSame(jobs.get(i), o.job(), "outcome " + i);
            assertNotNull(o.child(), o.job().name() + ": " + o.failure());
            assertNull(o.recordFailure());
            assertNull(o.unexpected());
            assertTrue(pids.add(o.child().pid()), "pid " + o.child().pid() + " given to two jobs");
            Path home = o.job().home();
            ChildRecord record = StateFiles.readChild(home).orElseThrow();
            assertEquals(o.child().pid(), record.pid(), home + "/state/wire/child.json");
            assertEquals(o.child().startTime(), record.startTime());
            assertFalse(Files.exists(StateFiles.spawning(home)), home + ": spawning.json left behind");
            // The child is this job's and no other's: its environment carries the job's WIRE_HOME.
            assertTrue(control.hasEnv(o.child().pid(), "WIRE_HOME", home.toString()), "pid " + o.child().pid());
        }
    }

    @Test
    void aJobThatCannotStartFailsAloneAndLeavesNoMark() throws IOException {
        batch = batch(control, 1);
        List<SpawnBatch.Job> jobs = List.of(job("a", List.of("sleep", "1000")),
                job("b", List.of(dir.resolve("no-such-program").toString())), job("c", List.of("sleep", "1000")));

        List<SpawnBatch.Outcome> outcomes = batch.run(jobs);

        watchAll(outcomes);
        SpawnBatch.Outcome failed = outcomes.get(1);
        assertNull(failed.child());
        assertTrue(failed.failure().contains("no-such-program"), failed.failure());
        assertFalse(Files.exists(StateFiles.spawning(failed.job().home())), "spawning.json left by a failed spawn");
        assertTrue(StateFiles.readChild(failed.job().home()).isEmpty(), "child.json written for no child");
        for (SpawnBatch.Outcome started : List.of(outcomes.get(0), outcomes.get(2))) {
            assertNotNull(started.child(), started.job().name() + ": " + started.failure());
            assertEquals(started.child().pid(), StateFiles.readChild(started.job().home()).orElseThrow().pid());
        }
    }

    @Test
    void helperThreadsEndWhenIdle() throws IOException {
        batch = batch(control, 2, Duration.ofSeconds(1));
        List<SpawnBatch.Outcome> outcomes = batch.run(List.of(job("a", List.of("true")), job("b", List.of("true")),
                job("c", List.of("true"))));
        watchAll(outcomes);
        assertTrue(helperThreads() > 0, "the batch ran on helpers");

        Awaits.until("the idle helpers ended", () -> helperThreads() == 0);
    }

    @Test
    void theLoopThreadAndAHelperSpawnAtTheSameTime() throws IOException {
        // The first spawn waits until a second thread is inside spawn as well: only a batch that
        // really runs on two threads gets past it.
        CountDownLatch two = new CountDownLatch(2);
        Map<String, String> threadOf = new ConcurrentHashMap<>();
        ProcessControl gated = intercepting((job, real) -> {
            threadOf.put(job, Thread.currentThread().getName());
            two.countDown();
            if (!two.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no second thread came into spawn within 5 s");
            }
            return real.call();
        });
        batch = batch(gated, 1);

        List<SpawnBatch.Outcome> outcomes = batch.run(List.of(job("a", List.of("sleep", "1000")),
                job("b", List.of("sleep", "1000"))));

        watchAll(outcomes);
        outcomes.forEach(o -> assertNull(o.unexpected(), () -> o.unexpected().toString()));
        assertEquals(2, new HashSet<>(threadOf.values()).size(), threadOf.toString());
        assertTrue(threadOf.containsValue(Thread.currentThread().getName()), "the caller's thread took a job");
    }

    @Test
    void aRecordThatCannotBeWrittenKeepsTheMarkAndTheChild() throws IOException {
        batch = batch(control, 1);
        SpawnBatch.Job blocked = job("blocked", List.of("sleep", "1000"));
        // A non-empty directory where child.json goes: the rename over it fails.
        Files.createDirectories(StateFiles.dir(blocked.home()).resolve("child.json").resolve("in-the-way"));

        List<SpawnBatch.Outcome> outcomes = batch.run(List.of(blocked, job("fine", List.of("sleep", "1000"))));

        watchAll(outcomes);
        SpawnBatch.Outcome o = outcomes.getFirst();
        assertNotNull(o.child(), o.failure());
        assertTrue(o.recordFailure().contains("child.json not written"), o.recordFailure());
        assertTrue(Files.exists(StateFiles.spawning(blocked.home())), "the mark is the one record left of the child");
        assertTrue(StateFiles.readSpawnMark(blocked.home()).isPresent());
        assertNull(outcomes.get(1).recordFailure());
        assertFalse(Files.exists(StateFiles.spawning(outcomes.get(1).job().home())));
    }

    @Test
    void somethingUnexpectedAfterTheSpawnKeepsTheMarkAndTheOtherJobsGoOn() throws IOException {
        List<Long> startedBeforeTheBug = new ArrayList<>();
        ProcessControl buggy = intercepting((job, real) -> {
            SpawnedChild child = real.call();
            if (job.equals("buggy")) {
                startedBeforeTheBug.add(child.pid());
                throw new IllegalStateException("a bug after the spawn");
            }
            return child;
        });
        batch = batch(buggy, 1);

        List<SpawnBatch.Outcome> outcomes = batch.run(List.of(job("ok1", List.of("sleep", "1000")),
                job("buggy", List.of("sleep", "1000")), job("ok2", List.of("sleep", "1000"))));

        watchAll(outcomes);
        startedBeforeTheBug.forEach(this::watch);
        SpawnBatch.Outcome bug = outcomes.get(1);
        assertInstanceOf(IllegalStateException.class, bug.unexpected());
        assertNull(bug.child());
        assertTrue(Files.exists(StateFiles.spawning(bug.job().home())), "the mark of a child that may run was removed");
        for (SpawnBatch.Outcome ok : List.of(outcomes.get(0), outcomes.get(2))) {
            assertNotNull(ok.child(), ok.job().name() + ": " + ok.failure());
            assertNull(ok.unexpected());
        }
    }

    /** The real process control, with {@code spawn} passed through {@code around} (given the job's session name). */
    private ProcessControl intercepting(SpawnAround around) {
        return (ProcessControl) Proxy.newProxyInstance(ProcessControl.class.getClassLoader(),
                new Class<?>[] {ProcessControl.class}, (proxy, method, args) -> {
                    Callable<Object> real = () -> {
                        try {
                            return method.invoke(control, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
                        }
                    };
                    if (!method.getName().equals("spawn")) {
                        return real.call();
                    }
                    SpawnRequest request = (SpawnRequest) args[0];
                    return around.spawn(request.cwd().getFileName().toString(), () -> (SpawnedChild) real.call());
                });
    }

    @FunctionalInterface
    private interface SpawnAround {
        SpawnedChild spawn(String session, Callable<SpawnedChild> real) throws Exception;
    }

    private void watchAll(List<SpawnBatch.Outcome> outcomes) {
        outcomes.stream().filter(o -> o.child() != null).forEach(o -> watch(o.child().pid()));
    }

    private static SpawnBatch batch(ProcessControl processes, int helpers) {
        return batch(processes, helpers, SpawnBatch.HELPER_IDLE);
    }

    private static SpawnBatch batch(ProcessControl processes, int helpers, Duration helperIdle) {
        return new SpawnBatch(processes, InstantSource.system(), ProcessHandle.current().pid(), helpers, helperIdle);
    }

    private SpawnBatch.Job job(String name, List<String> argv) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        Path logs = StateFiles.dir(home);
        return new SpawnBatch.Job(name, home, new SpawnRequest(argv,
                Map.of("PATH", "/usr/bin:/bin", "WIRE_HOME", home.toString()), home, logs.resolve("stdout.log"),
                logs.resolve("stderr.log")));
    }

    private void watch(long pid) {
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        exits.put(pid, exit);
        control.watch(pid, true, OptionalLong.empty(), (p, status) -> exit.complete(status));
    }

    private static long helperThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(HELPER)).count();
    }
}
