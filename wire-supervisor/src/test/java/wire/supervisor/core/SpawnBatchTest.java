package wire.supervisor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wire.supervisor.process.ExitStatus;
import wire.supervisor.process.LinuxProcessControl;
import wire.supervisor.process.SpawnRequest;

/**
 * {@link SpawnBatch} on the real OS: every job of a batch gets its own child, its own
 * {@code child.json} and no mark left behind, whatever number of threads shared the batch, and
 * the outcomes come back in the jobs' order; a job that cannot start fails alone.
 */
class SpawnBatchTest {
    private static final int SIGKILL = 9;
    private static final String HELPER = "wire-spawn-helper";

    @TempDir
    Path dir;

    private final LinuxProcessControl control = LinuxProcessControl.open();
    private final Map<Long, CompletableFuture<ExitStatus>> exits = new ConcurrentHashMap<>();
    private SpawnBatch batch;

    @AfterEach
    void stopEverything() {
        try {
            exits.keySet().forEach(pid -> control.signalGroup(pid, SIGKILL));
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
        batch = new SpawnBatch(control, InstantSource.system(), ProcessHandle.current().pid(), helpers,
                SpawnBatch.HELPER_IDLE);
        List<SpawnBatch.Job> jobs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            jobs.add(job("s" + i, List.of("sleep", "1000")));
        }

        List<SpawnBatch.Outcome> outcomes = batch.run(jobs);

        assertEquals(jobs.size(), outcomes.size());
        Set<Long> pids = new HashSet<>();
        for (int i = 0; i < jobs.size(); i++) {
            SpawnBatch.Outcome o = outcomes.get(i);
            assertSame(jobs.get(i), o.job(), "outcome " + i);
            assertNotNull(o.child(), o.job().name() + ": " + o.failure());
            watch(o.child().pid());
            assertNull(o.recordFailure());
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
        batch = new SpawnBatch(control, InstantSource.system(), ProcessHandle.current().pid(), 1,
                SpawnBatch.HELPER_IDLE);
        List<SpawnBatch.Job> jobs = List.of(job("a", List.of("sleep", "1000")),
                job("b", List.of(dir.resolve("no-such-program").toString())), job("c", List.of("sleep", "1000")));

        List<SpawnBatch.Outcome> outcomes = batch.run(jobs);

        SpawnBatch.Outcome failed = outcomes.get(1);
        assertNull(failed.child());
        assertTrue(failed.failure().contains("no-such-program"), failed.failure());
        assertFalse(Files.exists(StateFiles.spawning(failed.job().home())), "spawning.json left by a failed spawn");
        assertTrue(StateFiles.readChild(failed.job().home()).isEmpty(), "child.json written for no child");
        for (SpawnBatch.Outcome started : List.of(outcomes.get(0), outcomes.get(2))) {
            assertNotNull(started.child(), started.job().name() + ": " + started.failure());
            watch(started.child().pid());
            assertEquals(started.child().pid(), StateFiles.readChild(started.job().home()).orElseThrow().pid());
        }
    }

    @Test
    void helperThreadsEndWhenIdle() throws IOException {
        batch = new SpawnBatch(control, InstantSource.system(), ProcessHandle.current().pid(), 2,
                Duration.ofSeconds(1));
        List<SpawnBatch.Outcome> outcomes = batch.run(List.of(job("a", List.of("true")), job("b", List.of("true")),
                job("c", List.of("true"))));
        outcomes.forEach(o -> watch(o.child().pid()));
        assertTrue(helperThreads() > 0, "the batch ran on helpers");

        Awaits.until("the idle helpers ended", () -> helperThreads() == 0);
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
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(HELPER)).count();
    }
}
