package wire.protocol;

import java.time.Instant;
import java.util.List;

/** Filled-in protocol objects shared by the JSON tests. */
final class Samples {
    static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    private Samples() {}

    static SessionStatus running(String name) {
        return new SessionStatus(name, SessionState.RUNNING, Desired.UP, Owner.SUPERVISOR, 4242L, 4242L, T0, 30L, 2,
                new LastExit(1, null, T0.minusSeconds(60), 3.5), null, "/r/sessions/" + name, "/srv/" + name, true,
                true, null, 4L, "1.2.3", false, List.of("/bin/app", "--serve"), RestartPolicy.ON_FAILURE,
                new LastError("spawn /bin/app: Permission denied (cwd /srv/" + name + ")", T0.minusSeconds(120)));
    }

    /** Every nullable field null. */
    static SessionStatus stopped(String name) {
        return new SessionStatus(name, SessionState.STOPPED, Desired.DOWN, null, null, null, null, null, 0, null, null,
                "/r/sessions/" + name, "/r/sessions/" + name, false, false, "idle for 9 days", null, null, false,
                List.of("wire", "daemon"), RestartPolicy.ALWAYS, null);
    }

    static SupervisorInfo supervisor() {
        return new SupervisorInfo(100, "0.1.0", T0, 60, "/r/supervisor.sock", "/r", 10, 7, "none");
    }
}
