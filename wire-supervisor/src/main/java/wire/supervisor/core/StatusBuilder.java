package wire.supervisor.core;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import wire.protocol.WireVersion;
import wire.protocol.Owner;
import wire.protocol.SessionSpec;
import wire.protocol.SessionState;
import wire.protocol.SessionStatus;
import wire.supervisor.os.StampedCache;
import wire.supervisor.process.ProcessControl;

/**
 * Builds a session's {@link SessionStatus} from loop state, the clock and the few files the
 * child writes. Every field is filled from what is known; one that does not apply is null, never a
 * made-up zero (seed 004: zeroed status fields). Thread-safe: the loop builds statuses from its
 * sessions, and callers of {@code status} and {@code list} from the views it published.
 *
 * <p>The files ({@code last_sync.json}, {@code daemon.pid}) are looked at on every status, but read
 * and decoded again only when their stamp changed ({@link StampedCache}): for a plain child that
 * writes neither, two failed {@code stat}s.
 */
final class StatusBuilder {
    private final ProcessControl processes;
    private final Spawner spawner;
    private final String supervisorVersion;
    // File stamps are real time: these caches use the system clock, whatever clock the loop runs on.
    private final StampedCache<Instant> lastSyncs = new StampedCache<>(InstantSource.system());
    private final StampedCache<StateFiles.DaemonPid> daemonPids = new StampedCache<>(InstantSource.system());

    StatusBuilder(ProcessControl processes, Spawner spawner, String supervisorVersion) {
        this.processes = processes;
        this.spawner = spawner;
        this.supervisorVersion = supervisorVersion;
    }

    SessionStatus build(SessionRuntime rt, SessionState state, Instant now) {
        return build(SessionView.of(rt, state), now);
    }

    /** Any thread: reads only the view, the clock's {@code now} and the files. */
    SessionStatus build(SessionView v, Instant now) {
        LiveChild c = v.child();
        SessionSpec spec = v.spec();
        Long uptime = c != null && c.spawnedAt() != null ? Math.max(0, Duration.between(c.spawnedAt(), now).toSeconds()) : null;
        Double nextStart = v.backoffUntil() != null
                ? Math.max(0, Duration.between(now, v.backoffUntil()).toMillis()) / 1000.0 : null;
        Long lastSyncAge = lastSyncs.get(StateFiles.lastSyncPath(v.home()), p -> StateFiles.readLastSync(v.home()))
                .map(ts -> Math.max(0, Duration.between(ts, now).toSeconds())).orElse(null);
        String version = daemonVersion(v.home(), c).orElse(null);
        List<String> command = c != null ? c.argv() : spec != null ? spawner.argv(spec) : null;
        return new SessionStatus(v.name(), v.state(), v.desired(), c == null ? null : c.owner(),
                c == null ? null : c.pid(), c == null ? null : c.pgid(), c == null ? null : c.spawnedAt(), uptime,
                v.restartCount(), v.lastExit(), nextStart, v.home().toString(), Spawner.cwd(spec, v.home()).toString(),
                spec != null && spec.bound(), v.entry().eligible(), v.entry().ineligibleReason(), lastSyncAge, version,
                c != null && stale(c, version), command, spec != null ? spec.restart() : SessionSpec.DEFAULT_RESTART,
                v.lastError());
    }

    /**
     * Drops the kept reads of a session's files once the session is forgotten: its status is never
     * asked again, so the entries would otherwise stay for the daemon's life, one set per removed
     * session. (A status built at that very moment by another thread can put one back; it is not
     * worth a lock on every status.)
     */
    void forget(Path home) {
        lastSyncs.forget(StateFiles.lastSyncPath(home));
        daemonPids.forget(StateFiles.daemonPidPath(home));
    }

    /** How many session files have a kept read (for tests). */
    int cachedFiles() {
        return lastSyncs.size() + daemonPids.size();
    }

    /** Stale when the child's version is older than ours, or its executable changed since spawn. */
    boolean stale(SessionRuntime rt) {
        return rt.child != null && stale(rt.child, daemonVersion(rt.home, rt.child).orElse(null));
    }

    private boolean stale(LiveChild c, String version) {
        if (version != null && WireVersion.isOlder(version, supervisorVersion)) { // most children write no version
            return true;
        }
        if (c.owner() == Owner.EXTERNAL || c.executable() == null || c.exeFingerprint() == null
                || c.exeFingerprint().isEmpty()) {
            return false;
        }
        String current = processes.executableFingerprint(c.executable());
        return !current.isEmpty() && !current.equals(c.exeFingerprint());
    }

    /**
     * The version in {@code daemon.pid}, when that file belongs to the running child: written by
     * the child itself or by a process of its group (a wrapper script's daemon), not a leftover.
     */
    private Optional<String> daemonVersion(Path home, LiveChild c) {
        if (c == null) {
            return Optional.empty();
        }
        return daemonPids.get(StateFiles.daemonPidPath(home), p -> StateFiles.readDaemonPid(home)).filter(dp -> {
            if (dp.pid() == c.pid()) {
                return true;
            }
            OptionalLong g = processes.processGroup(dp.pid());
            return c.pgid() != null && g.isPresent() && g.getAsLong() == c.pgid();
        }).map(StateFiles.DaemonPid::version);
    }
}
