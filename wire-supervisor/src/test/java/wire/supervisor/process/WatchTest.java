package wire.supervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static wire.supervisor.process.Awaits.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Exit reporting through pidfds and one epoll thread, for children and for adopted processes. */
class WatchTest {
    private static final int SIGTERM = 15;
    private static final int SIGKILL = 9;

    @RegisterExtension
    final Children children = new Children();

    private static boolean watcherThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("wire-exit-watcher") && t.isAlive());
    }

    /** Starts {@code sleep} as a grandchild whose parent exits at once: init adopts it. */
    private long orphanSleep() throws Exception {
        Path pidFile = children.dir().resolve("orphan.pid");
        SpawnedChild parent = children.spawn("sh", "-c", "sleep 100 & echo $! > " + pidFile);
        assertEquals(ExitStatus.exited(0), children.awaitExit(parent));
        long orphan = Long.parseLong(Files.readString(pidFile).strip());
        children.killAfterwards(orphan);
        assertTrue(ProcFs.stat(orphan).isPresent(), "orphan is alive");
        return orphan;
    }

    @Test
    void exitCodeIsReported() throws Exception {
        assertEquals(ExitStatus.exited(7), children.awaitExit(children.spawn("sh", "-c", "exit 7")));
        assertEquals(ExitStatus.exited(0), children.awaitExit(children.spawn("true")));
    }

    @Test
    void killingSignalIsReportedByName() throws Exception {
        assertEquals(ExitStatus.killedBy("KILL"), children.awaitExit(children.spawn("sh", "-c", "kill -KILL $$")));
        assertEquals(ExitStatus.killedBy("USR1"), children.awaitExit(children.spawn("sh", "-c", "kill -USR1 $$")));
    }

    @Test
    void reapedChildLeavesNoZombie() throws Exception {
        SpawnedChild child = children.spawn("true");
        children.awaitExit(child);
        assertTrue(ProcFs.stat(child.pid()).isEmpty(), "reaped by waitid");
    }

    @Test
    void processThatIsNotOurChildIsReportedUnknownWhenItEnds() throws Exception {
        long orphan = orphanSleep();
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        children.control().watch(orphan, false, children.control().startTime(orphan), (pid, s) -> exit.complete(s));
        assertFalse(exit.isDone(), "still running");

        assertTrue(children.control().signal(orphan, SIGTERM));
        assertEquals(ExitStatus.UNKNOWN, exit.get(10, TimeUnit.SECONDS));
    }

    @Test
    void wrongStartTimeIsAnsweredAtOnceAndTheProcessIsLeftAlone() throws Exception {
        SpawnedChild child = children.spawn("sleep", "30");
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        children.control().watch(child.pid(), false, OptionalLong.of(child.startTime() + 1),
                (pid, s) -> exit.complete(s));

        assertEquals(ExitStatus.UNKNOWN, exit.get(10, TimeUnit.SECONDS));
        assertTrue(children.control().signal(child.pid(), 0), "untouched");
        assertFalse(children.exit(child).isDone());
    }

    @Test
    void vanishedPidIsAnsweredAtOnceOnTheWatcherThread() throws Exception {
        SpawnedChild child = children.spawn("true");
        children.awaitExit(child);
        CompletableFuture<String> thread = new CompletableFuture<>();
        children.control().watch(child.pid(), false, OptionalLong.empty(),
                (pid, s) -> thread.complete(Thread.currentThread().getName() + " " + s));

        assertEquals("wire-exit-watcher " + ExitStatus.UNKNOWN, thread.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aThrowingListenerDoesNotStopTheWatcher() throws Exception {
        long orphan = orphanSleep();
        children.control().watch(orphan, false, OptionalLong.empty(), (pid, s) -> {
            throw new IllegalStateException("listener bug");
        });
        children.control().signal(orphan, SIGKILL);

        assertEquals(ExitStatus.exited(3), children.awaitExit(children.spawn("sh", "-c", "exit 3")));
    }

    @Test
    void hundredChildrenAreWatchedWithoutAThreadEach() throws Exception {
        long started = System.nanoTime();
        List<SpawnedChild> spawned = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            spawned.add(children.spawn("sleep", "100"));
        }
        long spawnMillis = (System.nanoTime() - started) / 1_000_000;
        int threadsGrown = Children.liveThreads() - children.threadsBeforeOpen();
        System.out.printf("100 spawns+watches took %d ms; threads grew by %d%n", spawnMillis, threadsGrown);
        assertTrue(threadsGrown <= 2, "threads grew by " + threadsGrown);

        CountDownLatch allGone = new CountDownLatch(spawned.size());
        spawned.forEach(c -> children.exit(c).thenRun(allGone::countDown));
        spawned.forEach(c -> assertTrue(children.control().signalGroup(c.pgid(), SIGKILL)));
        assertTrue(allGone.await(20, TimeUnit.SECONDS), "all 100 listeners fired");
        for (SpawnedChild c : spawned) {
            assertEquals(ExitStatus.killedBy("KILL"), children.exit(c).get());
        }
    }

    @Test
    void closeStopsTheWatcherThread() {
        assertTrue(watcherThreadAlive());
        children.control().close();
        await().until(() -> !watcherThreadAlive());
        assertThrows(IllegalStateException.class,
                () -> children.control().watch(ProcessHandle.current().pid(), false, OptionalLong.empty(),
                        (pid, s) -> { }));
    }
}
