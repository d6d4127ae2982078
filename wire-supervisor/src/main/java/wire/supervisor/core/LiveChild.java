package wire.supervisor.core;

import java.time.Instant;
import java.util.List;
import wire.protocol.Owner;

/**
 * The process a session runs, as the loop knows it.
 *
 * @param pgid its process group, null when unknown (an external process)
 * @param startTime start time in clock ticks, null when unknown
 * @param argv what it was started with (for external processes: the argv this session would run)
 * @param executable the absolute path executed, null when unknown
 * @param exeFingerprint the executable's fingerprint when spawned, null when unknown
 * @param spawnedAt when it was spawned, null when unknown (external)
 * @param specFingerprint the spec it runs (see {@link Observed.Child#specFingerprint()})
 */
record LiveChild(long pid, Long pgid, Owner owner, Long startTime, List<String> argv, String executable,
        String exeFingerprint, Instant spawnedAt, String specFingerprint) {
    LiveChild {
        argv = argv == null ? null : List.copyOf(argv);
    }

    Observed.Child observed() {
        return new Observed.Child(pid, pgid, owner, specFingerprint);
    }
}
