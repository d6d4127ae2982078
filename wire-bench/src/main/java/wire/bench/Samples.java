package wire.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import wire.protocol.Desired;
import wire.protocol.ListResult;
import wire.protocol.Owner;
import wire.protocol.RestartPolicy;
import wire.protocol.SessionState;
import wire.protocol.SessionStatus;
import wire.protocol.SupervisorInfo;

/**
 * Protocol values shaped like a real daemon's with running {@code sleep} sessions (the benchmark
 * workload), so encoding is measured on the sizes and field mix that go over the socket.
 */
public final class Samples {
    private static final Instant STARTED = Instant.parse("2026-11-23T14:46:00Z");

    private Samples() {}

    /** A running session's status, as {@code status} answers it. */
    public static SessionStatus status(int index) {
        String name = String.format("s%04d", index);
        String home = "/tmp/wire-bench-x1y2z3/wire/sessions/" + name;
        return new SessionStatus(name, SessionState.RUNNING, Desired.UP, Owner.SUPERVISOR, 40_000L + index,
                40_000L + index, STARTED, 3_600L, 0, null, null, home, "/tmp", true, true, null, null, null, false,
                List.of("sleep", "100000"), RestartPolicy.ALWAYS, null);
    }

    /** A {@code list} result with {@code sessions} running sessions and no unmanaged processes. */
    public static ListResult list(int sessions) {
        List<SessionStatus> all = new ArrayList<>(sessions);
        for (int i = 0; i < sessions; i++) {
            all.add(status(i));
        }
        SupervisorInfo supervisor = new SupervisorInfo(39_999L, "0.1.0", STARTED, 3_600L,
                "/tmp/wire-bench-x1y2z3/wire/supervisor.sock", "/tmp/wire-bench-x1y2z3/wire", 10L, 0L, "none");
        return new ListResult(supervisor, all, List.of());
    }
}
