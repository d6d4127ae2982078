package wire.supervisor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static wire.supervisor.core.Awaits.done;
import static wire.supervisor.core.Awaits.until;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wire.protocol.RestartPolicy;
import wire.protocol.SessionSpec;
import wire.protocol.SessionState;
import wire.protocol.SessionStatus;
import wire.protocol.StopSignal;

/**
 * Which sessions the loop looks at (SupervisorLoop, "What is reconciled"): an event costs the
 * sessions it touched, not every session, while the wake-ups of the others still come on time and
 * the stops of one pass share one look at the process table.
 */
class ReconcileScopeTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path root;

    private final FakeProcessControl os = new FakeProcessControl();
    private final SettableClock clock = new SettableClock(T0);
    private final CountingReconciler reconciler = new CountingReconciler();
    private final SupervisorLoop loop = SupervisorLoop.open(
            new LoopConfig("1.2.0", Map.of("PATH", "/usr/bin"), List.of("java", "wire", "daemon"), Duration.ofMillis(5),
                    Duration.ofSeconds(5)),
            os, clock, TransitionListener.NONE, reconciler);

    /** Records the name of every session it decides about. */
    private static final class CountingReconciler extends Reconciler {
        private final List<String> seen = new ArrayList<>();

        CountingReconciler() {
            super(Duration.ofSeconds(5));
        }

        @Override
        List<Action> session(Desire d, Observed o, RetryState retry, Instant now) {
            synchronized (seen) {
                seen.add(o.name());
            }
            return super.session(d, o, retry, now);
        }

        /** The sessions decided about since the last call. */
        Set<String> take() {
            synchronized (seen) {
                Set<String> names = new TreeSet<>(seen);
                seen.clear();
                return names;
            }
        }
    }

    @AfterEach
    void close() {
        loop.close();
    }

    private static SessionSpec spec() {
        return new SessionSpec(List.of("/usr/bin/worker"), null, Map.of(), true, RestartPolicy.ALWAYS, StopSignal.TERM,
                10, 10, 60, 4096, 2);
    }

    private List<SessionEntry> entries(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("s%02d", i))
                .map(name -> SessionEntry.valid(name, root.resolve("sessions").resolve(name), spec())).toList();
    }

    private void startAll(List<SessionEntry> entries) {
        done(loop.reload(entries));
        until("all running", () -> done(loop.list()).stream().allMatch(s -> s.state() == SessionState.RUNNING));
    }

    private SessionStatus status(String name) {
        return done(loop.status(name));
    }

    private void advance(Duration d) {
        clock.advance(d);
        loop.nudge();
    }

    @Test
    void theExitOfOneChildReconcilesItsSessionAndNoOther() {
        startAll(entries(50));
        clock.advance(Duration.ofSeconds(30)); // a long life: the restart comes at once
        long old = status("s17").pid();
        reconciler.take();

        os.exit(old, 1);
        until("s17 restarted", () -> status("s17").state() == SessionState.RUNNING && status("s17").pid() != old);

        assertEquals(Set.of("s17"), reconciler.take());
    }

    @Test
    void aCommandReconcilesOnlyTheSessionItNames() {
        startAll(entries(20));
        reconciler.take();

        done(loop.stop("s03", Optional.empty()));
        assertEquals(Set.of("s03"), reconciler.take());
        done(loop.start("s03"));
        assertEquals(Set.of("s03"), reconciler.take());
        done(loop.list());
        assertEquals(Set.of(), reconciler.take(), "a read decides nothing");
    }

    @Test
    void aRegistryScanReconcilesOnlyTheSessionsItFoundChanged() {
        List<SessionEntry> entries = entries(20);
        startAll(entries);
        reconciler.take();

        done(loop.reload(entries));
        assertEquals(Set.of(), reconciler.take(), "the same scan again changes nothing");

        List<SessionEntry> edited = new ArrayList<>(entries);
        SessionEntry s05 = entries.get(5);
        edited.set(5, new SessionEntry(s05.name(), s05.home(), s05.spec(), List.of(), false, "idle for 9 days"));
        edited.remove(9);
        done(loop.reload(edited));
        until("s09 gone", () -> done(loop.list()).size() == 19);
        assertEquals(Set.of("s05", "s09"), reconciler.take());
    }

    @Test
    void wakeUpsOfUntouchedSessionsFireWhileOthersHaveEvents() {
        os.childrenIgnoreStopSignal(true);
        startAll(entries(3));
        long s00 = status("s00").pid();
        var stopping = loop.stop("s02", Optional.of(3L)); // grace ends at T0 + 3 s
        until("s02 stopping", () -> status("s02").state() == SessionState.STOPPING);

        os.exit(s00, 1); // a rapid failure at T0: backoff until T0 + 1 s
        until("s00 backs off", () -> status("s00").state() == SessionState.BACKOFF);
        clock.advance(Duration.ofMillis(500));
        os.exit(status("s01").pid(), 1); // until T0 + 1.5 s
        until("s01 backs off", () -> status("s01").state() == SessionState.BACKOFF);
        reconciler.take();

        advance(Duration.ofMillis(500));
        until("s00 restarted", () -> status("s00").state() == SessionState.RUNNING);
        assertNotEquals(s00, status("s00").pid());
        assertEquals(SessionState.BACKOFF, status("s01").state());
        assertFalse(reconciler.take().contains("s01"), "s01 is not looked at before its own time");

        advance(Duration.ofMillis(500));
        until("s01 restarted", () -> status("s01").state() == SessionState.RUNNING);
        assertEquals(SessionState.STOPPING, status("s02").state(), "the grace of s02 has not ended");

        advance(Duration.ofSeconds(2));
        assertEquals(SessionState.STOPPED, done(stopping).state());
        assertTrue(os.sent().stream().anyMatch(s -> s.group() && s.signal() == 9), "SIGKILL after the grace");
    }

    @Test
    void theStopsOfOnePassShareOneLookAtTheProcessTable() {
        int n = 100;
        startAll(entries(n));
        int before = os.tableScans();

        List<String> stopped = done(loop.shutdown(true));

        assertEquals(n, stopped.size());
        for (long pid = 1000; pid <= os.lastSpawnedPid(); pid++) {
            assertFalse(os.alive(pid), "pid " + pid + " outlived the shutdown");
        }
        int scans = os.tableScans() - before;
        // One probe per session would be at least 2 * n (group, then escapees).
        assertTrue(scans <= 10, "process table read " + scans + " times to stop " + n + " sessions");
    }
}
