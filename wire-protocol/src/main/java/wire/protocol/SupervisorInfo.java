package wire.protocol;

import java.time.Instant;

/** The {@code supervisor} object of {@code list} (PROTOCOL.md, Objects). */
public record SupervisorInfo(
        long pid,
        String version,
        Instant startedAt,
        long uptimeSecs,
        String socket,
        String root,
        long registryPollSecs,
        long maxIdleDays,
        String managedBy) {}
