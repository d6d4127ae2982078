package wire.supervisor.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code child.json}: what a supervisor spawned, so that the next supervisor can adopt it. The
 * start time is what makes adoption safe against pid reuse.
 *
 * @param startTime clock ticks since boot (field 22 of {@code /proc/pid/stat})
 * @param fingerprint the executable's fingerprint at spawn, for stale-binary detection
 * @param supervisorPid the supervisor that spawned it
 */
record ChildRecord(long pid, long pgid, long startTime, List<String> argv, String executable, String fingerprint,
        Instant spawnedAt, long supervisorPid) {
    ChildRecord {
        argv = List.copyOf(argv);
        Objects.requireNonNull(spawnedAt, "spawnedAt");
    }
}
