package wire.supervisor.process;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wire.supervisor.os.Libc;
import wire.supervisor.os.StampedCache;

/**
 * {@link ProcessControl} on Linux (x86_64, glibc 2.36+, kernel 5.4+) through the FFM API: children
 * are started with {@code posix_spawn} and watched through pidfds in one epoll set served by a
 * single platform thread, {@code wire-exit-watcher}. Needs {@code --enable-native-access}.
 *
 * <p>Why not {@link ProcessBuilder}: it keeps a reaper thread per child (about 120 KiB each; 216
 * threads for 200 children, measured in DESIGN.md "Spawning and memory"), it cannot make the child
 * a session leader nor reset its signal mask and dispositions, and it can only watch its own
 * children, never the ones a previous supervisor left running. A pidfd reports the end of any
 * process, our child or not, so one epoll thread serves spawned and adopted children alike, for
 * about 8 KiB a child.
 *
 * <p>Exit listeners, including the immediate UNKNOWN answers of {@link #watch}, always run on the
 * watcher thread, never on the caller's.
 */
public final class LinuxProcessControl implements ProcessControl {
    /** Read once: it cannot change while this process lives. */
    private static final String BOOT_ID = ProcFs.bootId();
    private static final Logger LOG = LoggerFactory.getLogger(LinuxProcessControl.class);

    private final ExitWatcher watcher;
    private final StampedCache<String> fingerprints = new StampedCache<>(InstantSource.system());

    private LinuxProcessControl(ExitWatcher watcher) {
        this.watcher = watcher;
    }

    /** Binds libc and starts the watcher thread; close the result to stop it. */
    public static LinuxProcessControl open() {
        return new LinuxProcessControl(new ExitWatcher());
    }

    @Override
    public SpawnedChild spawn(SpawnRequest request) throws SpawnException {
        return PosixSpawner.spawn(request);
    }

    @Override
    public void watch(long pid, boolean ownChild, OptionalLong expectedStartTime, ExitListener listener) {
        requireProcess(pid);
        watcher.watch(pid, ownChild, expectedStartTime, listener);
    }

    /** {@inheritDoc} A group that exists but may not be signalled by us is logged and counts as alive. */
    @Override
    public boolean signalGroup(long pgid, int signal) {
        requireProcess(pgid);
        return kill(-pgid, signal, "group " + pgid);
    }

    @Override
    public boolean signal(long pid, int signal) {
        requireProcess(pid);
        return kill(pid, signal, "pid " + pid);
    }

    private static boolean kill(long target, int signal, String what) {
        int result = Libc.kill(Math.toIntExact(target), signal);
        if (result == -Libc.ESRCH) {
            return false;
        }
        if (result < 0) {
            LOG.warn("kill({}, {}) of {}: {}", target, signal, what, Libc.strerror(-result));
        }
        return true;
    }

    /**
     * kill(2) gives 0, -1 and negative numbers other meanings (our own group, every process): a
     * pid or pgid that small is always a bug upstream and must never reach it.
     */
    private static void requireProcess(long pid) {
        if (pid <= 1 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a process id we may touch: " + pid);
        }
    }

    @Override
    public OptionalLong startTime(long pid) {
        // A zombie keeps its stat (and start time) until reaped; an orphan's reaper may be slow or
        // absent (a container's init), so an exited process must not pass for an adoptable one.
        return ProcFs.stat(pid).filter(s -> !s.exited()).map(s -> OptionalLong.of(s.startTime()))
                .orElseGet(OptionalLong::empty);
    }

    @Override
    public long ticksSinceBoot() {
        return ProcFs.uptimeTicks();
    }

    @Override
    public String bootId() {
        return BOOT_ID;
    }

    @Override
    public OptionalLong processGroup(long pid) {
        return ProcFs.stat(pid).map(s -> OptionalLong.of(s.processGroup())).orElseGet(OptionalLong::empty);
    }

    @Override
    public boolean groupAlive(long pgid) {
        return groupsAlive(List.of(pgid)).contains(pgid);
    }

    /**
     * {@inheritDoc} {@code kill(-pgid, 0)} first: a group that is gone entirely (the usual end of
     * a stop, once the leader is reaped) costs one system call, and only groups that still answer
     * it, running or zombie, are looked up in the process table.
     */
    @Override
    public Set<Long> groupsAlive(Collection<Long> pgids) {
        Set<Long> answering = new LinkedHashSet<>();
        for (long pgid : pgids) {
            requireProcess(pgid);
            if (signalGroup(pgid, 0)) {
                answering.add(pgid);
            }
        }
        return answering.isEmpty() ? Set.of() : ProcFs.groupsWithRunningMember(answering);
    }

    @Override
    public List<Long> processesWithEnv(String key, String value) {
        return processesWithEnv(key, Set.of(value)).getOrDefault(value, List.of());
    }

    @Override
    public Map<String, List<Long>> processesWithEnv(String key, Set<String> values) {
        Map<String, List<Long>> found = new HashMap<>();
        for (ProcFs.EnvHit hit : ProcFs.processesWithEnv(key, values::contains, pid -> false)) {
            List<Long> pids = found.computeIfAbsent(hit.value(), v -> new ArrayList<>());
            if (!pids.contains(hit.pid())) {
                pids.add(hit.pid());
            }
        }
        return found;
    }

    @Override
    public boolean hasEnv(long pid, String key, String value) {
        return ProcFs.hasEnv(pid, key, value);
    }

    @Override
    public List<EnvMatch> processesWithEnvPrefix(String key, String valuePrefix, LongPredicate skip) {
        return ProcFs.processesWithEnv(key, v -> v.startsWith(valuePrefix), skip).stream()
                .map(hit -> new EnvMatch(hit.pid(), hit.value(), ProcFs.cmdline(hit.pid())))
                .toList();
    }

    /**
     * {@inheritDoc} Asked on every status of a running child: derived again only when a
     * {@code stat} through the links finds another device, inode, size, mtime or ctime
     * ({@link StampedCache}). A link moved to another name of the very same, untouched inode keeps
     * the old real path in the fingerprint until the file changes: the same bytes run either way.
     */
    @Override
    public String executableFingerprint(String executable) {
        Path path;
        try {
            path = Path.of(executable);
        } catch (InvalidPathException e) {
            return "";
        }
        return fingerprints.get(path, p -> Optional.of(Executables.fingerprint(executable))).orElse("");
    }

    @Override
    public void close() {
        watcher.close();
    }
}
