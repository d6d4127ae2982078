package wire.supervisor.core;

import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wire.protocol.Owner;
import wire.supervisor.process.ProcessControl;

/**
 * Finds a process a session already runs without this supervisor having spawned it (DESIGN.md,
 * "Idempotent spawn, adoption"). PID reuse never fools it: a recorded child is adopted only when
 * its start time matches, and a {@code daemon.pid} holder is external only when its environment
 * carries this session's {@code WIRE_HOME}.
 */
final class ChildDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(ChildDiscovery.class);

    private final ProcessControl processes;
    private final long selfPid;

    ChildDiscovery(ProcessControl processes, long selfPid) {
        this.processes = processes;
        this.selfPid = selfPid;
    }

    /** The child an earlier supervisor spawned ({@code child.json}), if it still runs. */
    Optional<LiveChild> adoptable(SessionRuntime rt) {
        Optional<ChildRecord> rec = StateFiles.readChild(rt.home);
        if (rec.isEmpty()) {
            return Optional.empty();
        }
        ChildRecord r = rec.get();
        OptionalLong now = processes.startTime(r.pid());
        if (now.isEmpty()) {
            return Optional.empty(); // dead: nothing to adopt, nothing to signal
        }
        if (now.getAsLong() != r.startTime()) {
            LOG.info("session {}: pid {} from child.json is another process now (start time {} != {}); not ours",
                    rt.name, r.pid(), now.getAsLong(), r.startTime());
            return Optional.empty();
        }
        // Nothing records which spec it was started with: take it as running the current one, so
        // that restarting the supervisor does not restart every child.
        return Optional.of(new LiveChild(r.pid(), r.pgid(), Owner.ADOPTED, r.startTime(), r.argv(), r.executable(),
                r.fingerprint(), r.spawnedAt(), rt.activeFingerprint));
    }

    /** A live {@code daemon.pid} holder running for this session that we did not spawn. */
    Optional<LiveChild> external(SessionRuntime rt) {
        Optional<StateFiles.DaemonPid> dp = StateFiles.readDaemonPid(rt.home);
        if (dp.isEmpty() || dp.get().pid() == selfPid || dp.get().pid() <= 0) {
            return Optional.empty();
        }
        long pid = dp.get().pid();
        OptionalLong start = processes.startTime(pid);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        if (!processes.hasEnv(pid, "WIRE_HOME", rt.wireHome())) {
            return Optional.empty(); // a reused pid: some unrelated process
        }
        OptionalLong pgid = processes.processGroup(pid);
        return Optional.of(new LiveChild(pid, pgid.isPresent() ? pgid.getAsLong() : null, Owner.EXTERNAL,
                start.getAsLong(), null, null, null, null, rt.activeFingerprint));
    }
}
