package wire.supervisor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static wire.supervisor.core.Awaits.done;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import wire.protocol.ConfigProblem;
import wire.protocol.RestartPolicy;
import wire.protocol.SessionSpec;
import wire.protocol.StopSignal;

/**
 * Generated sequences of what happens to a supervisor (starts, stops, restarts by hand, children
 * dying with any code, reloads that add, remove, change or break sessions, time passing, children
 * that ignore the stop signal) run against the real {@link SupervisorLoop} and {@link Reconciler}
 * over {@link FakeProcessControl}. After every step: never two live children for one session,
 * never a signal to a process the supervisor did not spawn, and a stopped session stays stopped
 * until a start or restart by hand.
 *
 * <p>Hand-rolled generation over a seeded {@link Random}: sequence {@code i} uses seed
 * {@code wire.prop.seed + i} ({@code -Dwire.prop.tries=N} runs more). A failing sequence is
 * shrunk by dropping steps one at a time while it still fails, and reported with its seed.
 */
class SupervisionProperties {
    private static final List<String> NAMES = List.of("a", "b", "c");
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    sealed interface Op permits Start, Stop, Restart, Kill, Reload, Advance, IgnoreStop {}

    record Start(String name) implements Op {}

    record Stop(String name) implements Op {}

    record Restart(String name) implements Op {}

    record Kill(String name, int code) implements Op {}

    /** Per session: 0 absent, 1 spec one, 2 spec two (changed), 3 invalid. */
    record Reload(List<Integer> variants) implements Op {}

    record Advance(int seconds) implements Op {}

    record IgnoreStop(boolean ignore) implements Op {}

    private static final long SEED = Long.getLong("wire.prop.seed", 20261123L);
    private static final int TRIES = Integer.getInteger("wire.prop.tries", 60);

    @Test
    void invariantsHoldAfterEveryStep() throws IOException {
        for (int i = 0; i < TRIES; i++) {
            long seed = SEED + i;
            List<Op> ops = ops(new Random(seed));
            AssertionError failure = run(ops);
            if (failure != null) {
                List<Op> smallest = shrink(ops);
                AssertionError shrunk = run(smallest);
                throw new AssertionError("failed with -Dwire.prop.seed=" + seed + " -Dwire.prop.tries=1; shortest failing"
                        + " sequence " + smallest + ": " + (shrunk != null ? shrunk.getMessage() : failure.getMessage()),
                        shrunk != null ? shrunk : failure);
            }
        }
    }

    /** Drops steps one at a time, keeping each drop after which the sequence still fails. */
    private static List<Op> shrink(List<Op> ops) throws IOException {
        List<Op> current = new ArrayList<>(ops);
        for (int i = current.size() - 1; i >= 0; i--) {
            List<Op> shorter = new ArrayList<>(current);
            shorter.remove(i);
            if (!shorter.isEmpty() && run(shorter) != null) {
                current = shorter;
            }
        }
        return current;
    }

    /** Runs one sequence on a fresh loop; the first broken invariant, or null. */
    private static AssertionError run(List<Op> ops) throws IOException {
        Path root = Files.createTempDirectory("wire-prop");
        FakeProcessControl os = new FakeProcessControl();
        SettableClock clock = new SettableClock(T0);
        LoopConfig config = new LoopConfig("1.2.0", Map.of("PATH", "/usr/bin"), List.of("java", "wire", "daemon"),
                Duration.ofMillis(5), Duration.ofSeconds(5));
        SupervisorLoop loop = SupervisorLoop.open(config, os, clock, (session, from, to, at, status) -> {});
        /** Spawn count of a session when it was stopped by hand; absent once it is started again. */
        Map<String, Integer> stoppedAt = new HashMap<>();
        List<Op> done = new ArrayList<>();
        try {
            step(loop, os, clock, root, new Reload(List.of(1, 1, 1)));
            for (Op op : ops) {
                done.add(op);
                var answer = step(loop, os, clock, root, op);
                switch (op) {
                    // A stop refused (the session was not in the registry) changes nothing.
                    case Stop s when !answer.isCompletedExceptionally() ->
                            stoppedAt.put(s.name(), spawnsOf(os, root, s.name()));
                    case Start s -> stoppedAt.remove(s.name());
                    case Restart r -> stoppedAt.remove(r.name());
                    default -> {}
                }
                check(os, root, stoppedAt, done);
            }
            return null;
        } catch (AssertionError e) {
            return e;
        } finally {
            loop.close();
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static CompletableFuture<?> step(SupervisorLoop loop, FakeProcessControl os, SettableClock clock, Path root,
            Op op) {
        // Futures of start/stop/restart may wait on the fake clock: never block on them, only on
        // list(), which the one loop answers after everything queued before it.
        CompletableFuture<?> answer = CompletableFuture.completedFuture(null);
        switch (op) {
            case Start s -> answer = loop.start(s.name());
            case Stop s -> answer = loop.stop(s.name(), Optional.empty());
            case Restart r -> answer = loop.restart(r.name());
            case Kill k -> os.processesWithEnv("WIRE_HOME", home(root, k.name()).toString())
                    .forEach(pid -> os.exit(pid, k.code()));
            case Reload r -> {
                List<SessionEntry> entries = new ArrayList<>();
                for (int i = 0; i < NAMES.size(); i++) {
                    String name = NAMES.get(i);
                    Path home = home(root, name);
                    switch (r.variants().get(i)) {
                        case 1 -> entries.add(SessionEntry.valid(name, home, spec(RestartPolicy.ALWAYS)));
                        case 2 -> entries.add(SessionEntry.valid(name, home, spec(RestartPolicy.ON_FAILURE)));
                        case 3 -> entries.add(new SessionEntry(name, home, null,
                                List.of(new ConfigProblem(null, "$", "broken on purpose")), true, null));
                        default -> {}
                    }
                }
                loop.reload(entries);
            }
            case Advance a -> {
                clock.advance(Duration.ofSeconds(a.seconds()));
                loop.nudge();
            }
            case IgnoreStop i -> os.childrenIgnoreStopSignal(i.ignore());
        }
        done(loop.list());
        done(loop.list()); // a second pass: reactions to the first (exits seen, respawns) are in
        return answer;
    }

    private static void check(FakeProcessControl os, Path root, Map<String, Integer> stoppedAt, List<Op> done) {
        Set<Long> spawned = new HashSet<>();
        for (String name : NAMES) {
            List<Long> live = os.processesWithEnv("WIRE_HOME", home(root, name).toString());
            assertTrue(live.size() <= 1, () -> name + " has children " + live + " after " + done);
        }
        for (long pid = 1000; pid <= os.lastSpawnedPid(); pid++) {
            spawned.add(pid);
        }
        for (FakeProcessControl.Sent s : os.sent()) {
            if (s.signal() != 0 && !spawned.contains(s.target())) {
                fail("signal " + s + " to a process the supervisor never spawned, after " + done);
            }
        }
        stoppedAt.forEach((name, count) -> assertEquals(count, spawnsOf(os, root, name),
                () -> name + " was stopped but spawned again, after " + done));
    }

    private static int spawnsOf(FakeProcessControl os, Path root, String name) {
        String home = home(root, name).toString();
        return (int) os.spawns().stream().filter(r -> home.equals(r.env().get("WIRE_HOME"))).count();
    }

    private static Path home(Path root, String name) {
        Path home = root.resolve("sessions").resolve(name);
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return home;
    }

    private static SessionSpec spec(RestartPolicy policy) {
        return new SessionSpec(List.of("/usr/bin/worker"), null, Map.of(), true, policy, StopSignal.TERM, 10, 3, 60,
                4096, 2);
    }

    private static List<Op> ops(Random r) {
        List<Op> ops = new ArrayList<>();
        for (int n = 1 + r.nextInt(25); n > 0; n--) {
            String name = NAMES.get(r.nextInt(NAMES.size()));
            int dice = r.nextInt(19);
            ops.add(dice < 3 ? new Start(name)
                    : dice < 6 ? new Stop(name)
                    : dice < 8 ? new Restart(name)
                    : dice < 12 ? new Kill(name, List.of(0, 1, 137).get(r.nextInt(3)))
                    : dice < 14 ? new Reload(List.of(r.nextInt(4), r.nextInt(4), r.nextInt(4)))
                    : dice < 18 ? new Advance(List.of(1, 5, 11, 61).get(r.nextInt(4)))
                    : new IgnoreStop(r.nextBoolean()));
        }
        return ops;
    }
}
