package wire.protocol;

import java.time.Instant;
import java.util.List;

/**
 * Everything known about one session (PROTOCOL.md, Objects). Every field is always written; one
 * that does not apply is null.
 *
 * @param owner who started the running process, or null when nothing runs
 * @param restartCount restarts since the daemon started or the session was last started by hand
 * @param nextStartInSecs remaining backoff when {@code state} is {@code backoff}, else null
 * @param cwd the working directory the child runs in (the home for an unbound session)
 * @param lastSyncAgeSeconds age of {@code state/wire/last_sync.json}'s timestamp, or null
 * @param daemonVersion version from the child's {@code state/wire/daemon.pid}, or null
 * @param command the argv the child was (or will be) started with
 * @param lastError why the last start attempt failed, null once a spawn succeeds (an addition to
 *     PROTOCOL.md version 1)
 */
public record SessionStatus(
        String name,
        SessionState state,
        Desired desired,
        @Nullable Owner owner,
        Long pid,
        Long pgid,
        @Nullable Instant startedAt,
        Long uptimeSecs,
        int restartCount,
        @Nullable LastExit lastExit,
        Double nextStartInSecs,
        String homeDir,
        String cwd,
        boolean bound,
        boolean eligible,
        @Nullable String ineligibleReason,
        Long lastSyncAgeSeconds,
        @Nullable String daemonVersion,
        boolean staleBinary,
        List<String> command,
        RestartPolicy restart,
        @Nullable LastError lastError) {}
