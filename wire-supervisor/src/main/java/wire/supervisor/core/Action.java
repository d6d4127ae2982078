package wire.supervisor.core;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import wire.protocol.StopSignal;

/** What the core tells the loop to do for one session. The loop applies them in order. */
sealed interface Action {
    String name();

    /** How a spawn counts: a restart by policy, a start by hand, or neither (first start, new spec). */
    enum SpawnKind {
        AUTOMATIC,
        MANUAL,
        INITIAL
    }

    /** Start a child now. Only emitted when nothing of the session runs or is being stopped. */
    record Spawn(String name, SpawnKind kind) implements Action {}

    /** Send {@code signal} to owned group {@code pgid} and start the grace period. */
    record BeginStop(String name, long pgid, StopSignal signal, Duration grace, Observed.StopReason reason)
            implements Action {}

    /** The grace period is over and the group is still alive: SIGKILL the group. */
    record KillGroup(String name, long pgid) implements Action {}

    /** The group is gone: SIGKILL every process still carrying this {@code WIRE_HOME}. */
    record SweepEscapees(String name, Path home) implements Action {}

    /** Everything is gone: the stop is complete. */
    record FinishStop(String name) implements Action {}

    /** Something survived SIGKILL for too long: give up the stop and mark the session failed. */
    record StopTimedOut(String name, String reason, List<Long> survivors) implements Action {}

    /** The child ended and its policy restarts it at {@code at} (now when no delay is due). */
    record ScheduleRestart(String name, Instant at, Backoff backoff, RestartWindow window) implements Action {}

    /** The child ended inside the restart window once too often: no more automatic tries. */
    record MarkFailed(String name, String reason) implements Action {}

    /** The child ended and its policy does not restart it. */
    record MarkExited(String name) implements Action {}

    /** The child ended while no restart was wanted (intent down, not eligible): just record it. */
    record AcknowledgeExit(String name) implements Action {}

    /** Intent is down: drop any backoff, failed or exited hold so the session reads as stopped. */
    record ClearHold(String name) implements Action {}

    /** Call reconcile again no later than {@code at}. */
    record WakeAt(String name, Instant at) implements Action {}

    /** The session left the registry and nothing of it runs any more. */
    record Forget(String name) implements Action {}
}
