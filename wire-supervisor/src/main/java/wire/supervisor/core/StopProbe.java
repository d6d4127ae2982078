package wire.supervisor.core;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import wire.supervisor.core.Observed.Stage;
import wire.supervisor.core.Observed.Stop;
import wire.supervisor.process.ProcessControl;

/**
 * What the OS says about stops in progress: whether each group still runs, and which processes
 * still carry each session's {@code WIRE_HOME} (escapees). Both answers need a pass over the whole
 * process table (an environment read per process, for escapees), so they are asked once per
 * reconcile pass for every session that needs them, never once per session: a shutdown that
 * stops 1,000 sessions reads the table a few times, not a few thousand times.
 */
final class StopProbe {
    private static final String WIRE_HOME = "WIRE_HOME";

    private final ProcessControl processes;
    private final long selfPid;

    StopProbe(ProcessControl processes, long selfPid) {
        this.processes = processes;
        this.selfPid = selfPid;
    }

    /**
     * Refreshes {@code groupAlive} of each session's stop, and its {@code escapees} when it is in
     * {@link Stage#SWEPT} (the only stage whose decision reads them).
     *
     * @param stopping sessions with a stop in progress
     */
    void refresh(List<SessionRuntime> stopping) {
        if (stopping.isEmpty()) {
            return;
        }
        Set<Long> alive = processes.groupsAlive(stopping.stream().map(rt -> rt.stop.pgid()).toList());
        Map<String, List<Long>> escapees = escapees(stopping.stream()
                .filter(rt -> rt.stop.stage() == Stage.SWEPT).map(SessionRuntime::wireHome).toList());
        for (SessionRuntime rt : stopping) {
            Stop s = rt.stop;
            List<Long> left = s.stage() == Stage.SWEPT ? escapees.getOrDefault(rt.wireHome(), List.of()) : List.of();
            rt.stop = new Stop(s.pgid(), s.reason(), s.grace(), s.stage(), s.stageSince(), alive.contains(s.pgid()), left);
        }
    }

    /**
     * For each of {@code wireHomes}, the live processes that carry it as {@code WIRE_HOME}, this
     * supervisor excluded; a home nothing carries is absent.
     */
    Map<String, List<Long>> escapees(Collection<String> wireHomes) {
        if (wireHomes.isEmpty()) {
            return Map.of();
        }
        Map<String, List<Long>> found = new HashMap<>();
        processes.processesWithEnv(WIRE_HOME, Set.copyOf(wireHomes)).forEach((home, pids) -> {
            List<Long> others = pids.stream().filter(p -> p != selfPid).toList();
            if (!others.isEmpty()) {
                found.put(home, others);
            }
        });
        return found;
    }
}
