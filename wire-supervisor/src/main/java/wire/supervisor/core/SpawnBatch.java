package wire.supervisor.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wire.supervisor.process.ProcessControl;
import wire.supervisor.process.SpawnException;
import wire.supervisor.process.SpawnRequest;
import wire.supervisor.process.SpawnedChild;

/**
 * The file and process steps of starting one session's child: the {@code spawning.json} mark,
 * the spawn, {@code child.json}, and the mark's removal once the record is in place (DESIGN.md,
 * adoption). They touch only that session's own files and the OS, never the loop's state, so a
 * pass that starts many sessions runs them on the loop thread and helper threads together, each
 * session's steps in their one order, and the loop applies the outcomes afterwards, in order.
 *
 * <p>Why helpers: a spawn waits in {@code vfork} until the child has exec'd, and the state files
 * wait on the file system; one thread doing a thousand of them in a row left the machine's two
 * cores 40 % idle in a start of 1,000 sessions, and one helper took that start from 2.35 to
 * 2.00 s (medians; docs/performance.md, "Fourth round").
 */
final class SpawnBatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpawnBatch.class);
    /** How long an idle helper waits for the next batch before it ends. */
    static final Duration HELPER_IDLE = Duration.ofSeconds(5);

    /** One session to start: its name (for messages), its home and what to run. */
    record Job(String name, Path home, SpawnRequest request) {}

    /**
     * What became of a {@link Job}: the child, or why there is none ({@code failure}: the spawn
     * or its directory failed, and no mark is left); {@code recordFailure} when the child runs but
     * {@code child.json} could not be written (the mark is then kept: it is the one way left for
     * the next supervisor to find the child); {@code unexpected} when the steps threw anything
     * else, a bug, with the mark kept.
     */
    record Outcome(Job job, Instant at, SpawnedChild child, String failure, String recordFailure,
            Throwable unexpected) {}

    private final ProcessControl processes;
    private final InstantSource clock;
    private final long selfPid;
    private final int helpers;
    private final Duration helperIdle;
    private ExecutorService pool; // made on the first batch that can use it

    /**
     * @param helpers threads besides the caller's that take jobs of a batch; 0 runs every batch
     *     on the caller's thread alone, in order (what tests over a fake OS use)
     * @param helperIdle how long an idle helper thread lives on
     */
    SpawnBatch(ProcessControl processes, InstantSource clock, long selfPid, int helpers, Duration helperIdle) {
        this.processes = processes;
        this.clock = clock;
        this.selfPid = selfPid;
        this.helpers = helpers;
        this.helperIdle = helperIdle;
    }

    /** Helpers for this machine: one per core beyond the loop's own, at most three. */
    static int helpersForThisMachine() {
        return Math.max(0, Math.min(3, Runtime.getRuntime().availableProcessors() - 1));
    }

    /**
     * Runs every job and returns their outcomes in the jobs' order. A job whose steps threw
     * something other than a refusal of the OS or the file system (a bug, an {@link Error}) has
     * an outcome with {@code unexpected} set and its mark left in place: whether its child was
     * started is unknown, and the mark is how the next supervisor finds out.
     */
    List<Outcome> run(List<Job> jobs) {
        Outcome[] outcomes = new Outcome[jobs.size()];
        AtomicInteger next = new AtomicInteger();
        Runnable take = () -> {
            for (int i = next.getAndIncrement(); i < jobs.size(); i = next.getAndIncrement()) {
                outcomes[i] = startCatchingAll(jobs.get(i));
            }
        };
        int asked = Math.min(helpers, jobs.size() - 1);
        CountDownLatch helped = new CountDownLatch(Math.max(0, asked));
        for (int h = 0; h < asked; h++) {
            if (!submit(take, helped)) {
                // No thread to be had (the process or user limit): the loop thread takes the rest.
                for (int left = asked - h; left > 0; left--) {
                    helped.countDown();
                }
                break;
            }
        }
        take.run();
        // Every outcome is the loop's to apply, children the helpers started included, so the
        // wait outlasts an interrupt, which is kept for the loop to see afterwards.
        boolean interrupted = false;
        while (true) {
            try {
                helped.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return Arrays.asList(outcomes);
    }

    /** Hands {@code take} to a helper; false, and nothing handed, when no helper can run. */
    private boolean submit(Runnable take, CountDownLatch helped) {
        try {
            if (pool == null) {
                // The helpers end after a few idle seconds: an idle supervisor keeps no thread for them.
                AtomicInteger made = new AtomicInteger();
                ThreadPoolExecutor executor = new ThreadPoolExecutor(helpers, helpers, helperIdle.toMillis(),
                        TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> Thread.ofPlatform().daemon()
                                .name("wire-spawn-helper-" + made.incrementAndGet()).unstarted(r));
                executor.allowCoreThreadTimeOut(true);
                pool = executor;
            }
            pool.execute(() -> {
                try {
                    take.run();
                } finally {
                    helped.countDown();
                }
            });
            return true;
        } catch (RejectedExecutionException | OutOfMemoryError e) {
            // OutOfMemoryError is what Thread.start throws when the OS refuses a thread.
            LOG.warn("no spawn helper thread ({}); this batch runs on fewer threads", e.toString());
            return false;
        }
    }

    private Outcome startCatchingAll(Job job) {
        try {
            return start(job);
        } catch (Throwable t) {
            return new Outcome(job, clock.instant(), null, null, null, t);
        }
    }

    /** One session's steps; throws only what is not a refusal of the OS or the file system. */
    Outcome start(Job job) {
        Instant at = clock.instant(); // its own time: uptime and lived count from the spawn
        boolean marked = false;
        SpawnedChild child;
        try {
            Path stateDir = StateFiles.dir(job.home());
            if (!Files.isDirectory(stateDir)) {
                Files.createDirectories(stateDir);
            }
            marked = markSpawning(job, at);
            child = processes.spawn(job.request());
        } catch (SpawnException | IOException e) {
            if (marked) {
                clearSpawnMark(job); // nothing was started
            }
            return new Outcome(job, at, null, e.getMessage() == null ? e.toString() : e.getMessage(), null, null);
        }
        // First thing after the spawn: until the record is in place, a supervisor killed now would
        // leave a child the next one can only find by its mark.
        String recordFailure = recordChild(job.home(), new ChildRecord(child.pid(), child.pgid(), child.startTime(),
                job.request().argv(), child.executable(), child.fingerprint(), at, selfPid));
        if (recordFailure == null && marked) {
            clearSpawnMark(job);
        }
        return new Outcome(job, at, child, null, recordFailure, null);
    }

    /**
     * Writes {@code child.json}: null when it is in place, else what status should say, since the
     * child runs on and only its adoption by the next supervisor is at risk.
     */
    static String recordChild(Path home, ChildRecord record) {
        try {
            StateFiles.writeChild(home, record);
            return null;
        } catch (IOException e) {
            return "child.json not written, so a restarted supervisor may not adopt pid " + record.pid() + ": "
                    + AtomicFiles.describe(e);
        }
    }

    /**
     * Leaves {@code spawning.json} for the moment between the spawn and {@code child.json}: a
     * supervisor killed then would otherwise leave a child the next one cannot tell from a
     * stranger, and the next one would start a second (DESIGN.md, adoption; README).
     */
    private boolean markSpawning(Job job, Instant at) {
        try {
            StateFiles.writeSpawnMark(job.home(),
                    new StateFiles.SpawnMark(selfPid, processes.bootId(), processes.ticksSinceBoot(), at));
            return true;
        } catch (IOException e) {
            LOG.warn("session {}: cannot write spawning.json: {}", job.name(), AtomicFiles.describe(e));
            return false;
        }
    }

    static void clearSpawnMark(String name, Path home) {
        try {
            StateFiles.clearSpawnMark(home);
        } catch (IOException e) {
            LOG.warn("session {}: cannot remove spawning.json: {}", name, AtomicFiles.describe(e));
        }
    }

    private static void clearSpawnMark(Job job) {
        clearSpawnMark(job.name(), job.home());
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown(); // idle: a batch is over before run returns
        }
    }
}
