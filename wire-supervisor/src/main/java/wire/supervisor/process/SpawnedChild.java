package wire.supervisor.process;

import java.time.Instant;

/**
 * A child that was started. {@code executable} is the absolute path that was executed and
 * {@code fingerprint} its {@link ProcessControl#executableFingerprint} at spawn time.
 */
public record SpawnedChild(long pid, long pgid, long startTime, String executable, String fingerprint,
        Instant spawnedAt) {}
