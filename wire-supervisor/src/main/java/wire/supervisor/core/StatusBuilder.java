package wire.supervisor.core;

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
 * made-up zero (seed 004: zeroed status fields). Runs on the loop thread.
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
        LiveChild c = rt.child;
        SessionSpec spec = rt.activeSpec;
        Long uptime = c != null && c.spawnedAt() != null ? Math.max(0, Duration.between(c.spawnedAt(), now).toSeconds()) : null;
        Double nextStart = state == SessionState.BACKOFF && rt.hold.until() != null
                ? Math.max(0, Duration.between(now, rt.hold.until()).toMillis()) / 1000.0 : null;
        Long lastSyncAge = lastSyncs.get(StateFiles.lastSyncPath(rt.home), p -> StateFiles.readLastSync(rt.home))
                .map(ts -> Math.max(0, Duration.between(ts, now).toSeconds())).orElse(null);
        String version = daemonVersion(rt).orElse(null);
        List<String> command = c != null ? c.argv() : spec != null ? spawner.argv(spec) : null;
        // desired is the admin intent: a shutdown that stops sessions does not change it.
        return new SessionStatus(rt.name, state, rt.desired(false), c == null ? null : c.owner(),
                c == null ? null : c.pid(), c == null ? null : c.pgid(), c == null ? null : c.spawnedAt(), uptime,
                rt.restartCount, rt.lastExit, nextStart, rt.home.toString(), Spawner.cwd(spec, rt.home).toString(),
                spec != null && spec.bound(), rt.entry.eligible(), rt.entry.ineligibleReason(), lastSyncAge, version,
                c != null && stale(rt, version), command, spec != null ? spec.restart() : SessionSpec.DEFAULT_RESTART,
                rt.lastError);
    }

    /** Stale when the child's version is older than ours, or its executable changed since spawn. */
    boolean stale(SessionRuntime rt) {
        return rt.child != null && stale(rt, daemonVersion(rt).orElse(null));
    }

    private boolean stale(SessionRuntime rt, String version) {
        if (version != null && WireVersion.isOlder(version, supervisorVersion)) { // most children write no version
            return true;
        }
        LiveChild c = rt.child;
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
    Optional<String> daemonVersion(SessionRuntime rt) {
        LiveChild c = rt.child;
        if (c == null) {
            return Optional.empty();
        }
        return daemonPids.get(StateFiles.daemonPidPath(rt.home), p -> StateFiles.readDaemonPid(rt.home)).filter(dp -> {
            if (dp.pid() == c.pid()) {
                return true;
            }
            OptionalLong g = processes.processGroup(dp.pid());
            return c.pgid() != null && g.isPresent() && g.getAsLong() == c.pgid();
        }).map(StateFiles.DaemonPid::version);
    }
}
