package wire.supervisor.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;
import wire.protocol.StopSignal;
import wire.supervisor.process.ExitListener;
import wire.supervisor.process.ExitStatus;
import wire.supervisor.process.ProcessControl;
import wire.supervisor.process.SpawnException;
import wire.supervisor.process.SpawnRequest;
import wire.supervisor.process.SpawnedChild;

/**
 * An in-memory process table standing in for the OS. It records every spawn and signal, lets a
 * test end processes, and obeys signals the way a process group would: a stop signal ends a
 * member unless it ignores it, SIGKILL ends it unless it is marked unkillable. Listeners are
 * called outside the lock, as the real watcher thread would. It counts the passes over the whole
 * table that the real implementation would make ({@link #tableScans}).
 */
final class FakeProcessControl implements ProcessControl {
    /** One signal sent: to a group ({@code group}) or to one pid. */
    record Sent(long target, boolean group, int signal) {}

    private static final class Proc {
        final long pid;
        final long pgid;
        final long startTime;
        final Map<String, String> env;
        final boolean ours;
        boolean alive = true;
        boolean ignoresStop;
        boolean unkillable;

        Proc(long pid, long pgid, long startTime, Map<String, String> env, boolean ours) {
            this.pid = pid;
            this.pgid = pgid;
            this.startTime = startTime;
            this.env = Map.copyOf(env);
            this.ours = ours;
        }
    }

    private record Watch(boolean own, ExitListener listener) {}

    private final Map<Long, Proc> procs = new HashMap<>();
    private final Map<Long, List<Watch>> watches = new HashMap<>();
    private final Map<String, String> fingerprints = new HashMap<>();
    private final List<SpawnRequest> spawns = new ArrayList<>();
    private final List<Sent> sent = new ArrayList<>();
    private long nextPid = 1000;
    private long nextStartTime = 50_000;
    private String spawnFailure;
    private boolean childrenIgnoreStop;
    private boolean childrenUnkillable;
    private int tableScans;
    private int spawnAttempts;
    private SettableClock slowClock;
    private Duration spawnTakes = Duration.ZERO;

    // ---- what tests arrange ----

    synchronized void failSpawnsWith(String message) {
        spawnFailure = message;
    }

    /** Every spawn, failed or not, moves {@code clock} on by {@code d}, as a busy machine's do. */
    synchronized void everySpawnTakes(SettableClock clock, Duration d) {
        slowClock = clock;
        spawnTakes = d;
    }

    synchronized void childrenIgnoreStopSignal(boolean ignore) {
        childrenIgnoreStop = ignore;
    }

    synchronized void childrenSurviveSigkill(boolean survive) {
        childrenUnkillable = survive;
    }

    synchronized void setFingerprint(String executable, String fingerprint) {
        fingerprints.put(executable, fingerprint);
    }

    /** A process the supervisor did not spawn (a grandchild when {@code pgid} is a child's, an escapee, a stranger). */
    synchronized long addProcess(Long pgid, Map<String, String> env, boolean ignoresStop) {
        long pid = nextPid++;
        Proc p = new Proc(pid, pgid == null ? pid : pgid, nextStartTime++, env, false);
        p.ignoresStop = ignoresStop;
        procs.put(pid, p);
        return pid;
    }

    /** Ends {@code pid} as if it exited with {@code code}. */
    void exit(long pid, int code) {
        List<Runnable> calls;
        synchronized (this) {
            calls = die(procs.get(pid), ExitStatus.exited(code));
        }
        calls.forEach(Runnable::run);
    }

    // ---- what tests inspect ----

    synchronized List<SpawnRequest> spawns() {
        return List.copyOf(spawns);
    }

    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    synchronized boolean alive(long pid) {
        Proc p = procs.get(pid);
        return p != null && p.alive;
    }

    synchronized long lastSpawnedPid() {
        return procs.values().stream().filter(p -> p.ours).mapToLong(p -> p.pid).max().orElseThrow();
    }

    synchronized long startTimeOf(long pid) {
        return procs.get(pid).startTime;
    }

    /** How many times the whole process table was read: group liveness and environment lookups. */
    synchronized int tableScans() {
        return tableScans;
    }

    /** Spawns tried, the failed ones included. */
    synchronized int spawnAttempts() {
        return spawnAttempts;
    }

    /** True when anything was ever sent to {@code pid} or to a group named by it. */
    synchronized boolean everSignalled(long pid) {
        return sent.stream().anyMatch(s -> s.target() == pid && s.signal() != 0);
    }

    // ---- ProcessControl ----

    @Override
    public synchronized SpawnedChild spawn(SpawnRequest request) throws SpawnException {
        spawnAttempts++;
        if (slowClock != null) {
            slowClock.advance(spawnTakes);
        }
        if (spawnFailure != null) {
            throw new SpawnException(spawnFailure);
        }
        spawns.add(request);
        long pid = nextPid++;
        Proc p = new Proc(pid, pid, nextStartTime++, request.env(), true);
        p.ignoresStop = childrenIgnoreStop;
        p.unkillable = childrenUnkillable;
        procs.put(pid, p);
        String exe = request.argv().getFirst();
        return new SpawnedChild(pid, pid, p.startTime, exe, executableFingerprint(exe), Instant.now());
    }

    @Override
    public void watch(long pid, boolean ownChild, OptionalLong expectedStartTime, ExitListener listener) {
        boolean gone;
        synchronized (this) {
            Proc p = procs.get(pid);
            gone = p == null || !p.alive
                    || (expectedStartTime.isPresent() && expectedStartTime.getAsLong() != p.startTime);
            if (!gone) {
                watches.computeIfAbsent(pid, k -> new ArrayList<>()).add(new Watch(ownChild, listener));
            }
        }
        if (gone) {
            listener.exited(pid, ExitStatus.UNKNOWN);
        }
    }

    @Override
    public boolean signalGroup(long pgid, int signal) {
        List<Runnable> calls = new ArrayList<>();
        boolean any;
        synchronized (this) {
            sent.add(new Sent(pgid, true, signal));
            List<Proc> members = procs.values().stream().filter(p -> p.alive && p.pgid == pgid).toList();
            any = !members.isEmpty();
            members.forEach(p -> calls.addAll(deliver(p, signal)));
        }
        calls.forEach(Runnable::run);
        return any;
    }

    @Override
    public synchronized boolean groupAlive(long pgid) {
        return !groupsAlive(List.of(pgid)).isEmpty();
    }

    @Override
    public synchronized Set<Long> groupsAlive(Collection<Long> pgids) {
        tableScans++;
        return procs.values().stream().filter(p -> p.alive && pgids.contains(p.pgid)).map(p -> p.pgid)
                .collect(Collectors.toSet());
    }

    @Override
    public boolean signal(long pid, int signal) {
        List<Runnable> calls;
        synchronized (this) {
            sent.add(new Sent(pid, false, signal));
            Proc p = procs.get(pid);
            if (p == null || !p.alive) {
                return false;
            }
            calls = deliver(p, signal);
        }
        calls.forEach(Runnable::run);
        return true;
    }

    @Override
    public synchronized OptionalLong startTime(long pid) {
        Proc p = procs.get(pid);
        return p != null && p.alive ? OptionalLong.of(p.startTime) : OptionalLong.empty();
    }

    @Override
    public synchronized long ticksSinceBoot() {
        return nextStartTime;
    }

    @Override
    public String bootId() {
        return "this-boot";
    }

    @Override
    public synchronized OptionalLong processGroup(long pid) {
        Proc p = procs.get(pid);
        return p != null && p.alive ? OptionalLong.of(p.pgid) : OptionalLong.empty();
    }

    @Override
    public synchronized List<Long> processesWithEnv(String key, String value) {
        return processesWithEnv(key, Set.of(value)).getOrDefault(value, List.of());
    }

    @Override
    public synchronized Map<String, List<Long>> processesWithEnv(String key, Set<String> values) {
        tableScans++;
        return procs.values().stream().filter(p -> p.alive && p.env.containsKey(key) && values.contains(p.env.get(key))).sorted(
                (a, b) -> Long.compare(a.pid, b.pid)).collect(Collectors.groupingBy(p -> p.env.get(key),
                        Collectors.mapping(p -> p.pid, Collectors.toList())));
    }

    @Override
    public synchronized boolean hasEnv(long pid, String key, String value) {
        Proc p = procs.get(pid);
        return p != null && p.alive && value.equals(p.env.get(key));
    }

    @Override
    public synchronized List<EnvMatch> processesWithEnvPrefix(String key, String valuePrefix, LongPredicate skip) {
        return procs.values().stream()
                .filter(p -> p.alive && !skip.test(p.pid) && p.env.containsKey(key) && p.env.get(key).startsWith(valuePrefix))
                .map(p -> new EnvMatch(p.pid, p.env.get(key), "fake-" + p.pid))
                .toList();
    }

    @Override
    public synchronized String executableFingerprint(String executable) {
        return fingerprints.getOrDefault(executable, "fp-1");
    }

    @Override
    public void close() {}

    // ---- internals, called with the lock held; return the listener calls to make after it ----

    private List<Runnable> deliver(Proc p, int signal) {
        if (signal == 0) {
            return List.of();
        }
        if (signal == 9) {
            return p.unkillable ? List.of() : die(p, ExitStatus.killedBy("KILL"));
        }
        return p.ignoresStop ? List.of() : die(p, ExitStatus.killedBy(StopSignal.nameOf(signal)));
    }

    private List<Runnable> die(Proc p, ExitStatus status) {
        if (p == null || !p.alive) {
            return List.of();
        }
        p.alive = false;
        List<Runnable> calls = new ArrayList<>();
        for (Watch w : watches.getOrDefault(p.pid, List.of())) {
            ExitStatus reported = w.own() ? status : ExitStatus.UNKNOWN;
            calls.add(() -> w.listener().exited(p.pid, reported));
        }
        watches.remove(p.pid);
        return calls;
    }
}
