package wire.protocol;

import java.time.Instant;

/** Result of {@code version}: who is answering, so a client can spot a stale daemon. */
public record VersionResult(String version, int protocol, long pid, Instant startedAt, String java) {}
