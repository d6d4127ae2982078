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
    private static final String WIRE_HOME = "WIRE_HOME";

    private final ProcessControl processes;
    private final long selfPid;

    ChildDiscovery(ProcessControl processes, long selfPid) {
        this.processes = processes;
        this.selfPid = selfPid;
    }

    /** The child an earlier supervisor spawned ({@code child.json}), if it still runs. */
    Optional<LiveChild> adoptable(SessionRuntime rt, Optional<ChildRecord> rec) {
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

    /**
     * The group of a recorded child whose leader ended while no supervisor ran, when processes of
     * that group still carry this session's {@code WIRE_HOME}: a generation that must be stopped
     * before a new child starts, exactly as when the running loop sees a group outlive its leader.
     *
     * <p>The kernel does not hand out a pid while a group of that id exists, so a live group
     * named by the dead leader's pid is its own group, unless the pid was freed and taken again by
     * a process that made a group of it; the {@code WIRE_HOME} of the members tells those apart.
     */
    OptionalLong orphanedGroup(SessionRuntime rt, Optional<ChildRecord> rec) {
        if (rec.isEmpty()) {
            return OptionalLong.empty();
        }
        long pgid = rec.get().pgid();
        if (processes.startTime(rec.get().pid()).isPresent() || !processes.groupAlive(pgid)) {
            return OptionalLong.empty(); // the leader runs (adoptable decided), or nothing of it is left
        }
        for (long pid : processes.processesWithEnv(WIRE_HOME, rt.wireHome())) {
            OptionalLong group = processes.processGroup(pid);
            if (pid != selfPid && group.isPresent() && group.getAsLong() == pgid) {
                LOG.warn("session {}: the leader {} of group {} is gone but pid {} of its group still runs; "
                        + "stopping that group before a new child starts", rt.name, rec.get().pid(), pgid, pid);
                return OptionalLong.of(pgid);
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The child that a supervisor killed in the middle of a spawn started but never recorded: it
     * left {@code spawning.json}, and {@code child.json} names no live child. wire's children lead
     * their own session and group (the spawn calls {@code setsid}), carry the session's
     * {@code WIRE_HOME} and started after the mark; the earliest such process is the child, since
     * anything it started in turn (an escapee that called {@code setsid} too) came after it.
     */
    Optional<LiveChild> unrecorded(SessionRuntime rt, StateFiles.SpawnMark mark) {
        if (!mark.bootId().equals(processes.bootId())) {
            return Optional.empty(); // written before a reboot: whatever it spawned is gone
        }
        long child = -1;
        long childStart = Long.MAX_VALUE;
        for (long pid : processes.processesWithEnv(WIRE_HOME, rt.wireHome())) {
            OptionalLong start = processes.startTime(pid);
            OptionalLong group = processes.processGroup(pid);
            if (pid == selfPid || start.isEmpty() || group.isEmpty() || group.getAsLong() != pid
                    || start.getAsLong() < mark.notBefore()) {
                continue;
            }
            if (start.getAsLong() < childStart || (start.getAsLong() == childStart && pid < child)) {
                child = pid;
                childStart = start.getAsLong();
            }
        }
        if (child < 0) {
            return Optional.empty();
        }
        LOG.warn("session {}: pid {} was started by supervisor {} at {}, which ended before recording it; adopting it",
                rt.name, child, mark.supervisorPid(), mark.at());
        return Optional.of(new LiveChild(child, child, Owner.ADOPTED, childStart, null, null, null, mark.at(),
                rt.activeFingerprint));
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
        if (!processes.hasEnv(pid, WIRE_HOME, rt.wireHome())) {
            return Optional.empty(); // a reused pid: some unrelated process
        }
        OptionalLong pgid = processes.processGroup(pid);
        return Optional.of(new LiveChild(pid, pgid.isPresent() ? pgid.getAsLong() : null, Owner.EXTERNAL,
                start.getAsLong(), null, null, null, null, rt.activeFingerprint));
    }
}
