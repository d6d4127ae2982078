package wire.supervisor.core;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import wire.protocol.Owner;
import wire.protocol.StopSignal;

/**
 * What the loop knows about one session's processes: the core's "observed" input. A snapshot
 * built by the loop from its own state and, while stopping, from fresh liveness probes.
 *
 * @param child the process the session is running, or null
 * @param lingeringPgid the group of an owned leader that exited while members of its group lived on
 *     (grandchildren); it must be gone before a new generation starts
 * @param exit an end of the child (or a failed spawn) not yet judged by the restart policy
 * @param stop a stop in progress, or null
 * @param hold why no child runs although one may be wanted: backoff, failed, exited
 * @param request a start or restart asked by hand and not yet carried out
 * @param stopSignal the signal that stops this session's group ({@code stop_signal})
 * @param stopGrace how long to wait after {@code stopSignal} before SIGKILL
 */
record Observed(String name, Path home, Child child, Long lingeringPgid, PendingExit exit, Stop stop, Hold hold,
        Request request, StopSignal stopSignal, Duration stopGrace) {
    Observed {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(hold, "hold");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(stopSignal, "stopSignal");
        Objects.requireNonNull(stopGrace, "stopGrace");
    }

    /**
     * A running process. {@code pgid} is null when unknown (an external process that vanished
     * before it could be asked).
     *
     * @param specFingerprint the spec it was started with (for an adopted or external child: the
     *     spec current when it was found, since nothing else is known)
     */
    record Child(long pid, Long pgid, Owner owner, String specFingerprint) {
        /** Ours to signal: spawned by this daemon or by an earlier one (start time checked). */
        boolean owned() {
            return owner != Owner.EXTERNAL && pgid != null;
        }
    }

    /**
     * An end not yet judged.
     *
     * @param code the exit code, null if killed by a signal or unknown
     * @param lived how long it ran, null when unknown (external)
     * @param spawnFailure the child never started
     */
    record PendingExit(Integer code, String signal, Duration lived, boolean spawnFailure) {
        static PendingExit ofSpawnFailure() {
            return new PendingExit(null, null, Duration.ZERO, true);
        }
    }

    /**
     * A stop in progress on group {@code pgid}. {@code groupAlive} and {@code escapees} are probed
     * by the loop just before each reconcile.
     *
     * @param stageSince when the current stage began (signal sent, SIGKILL sent, first sweep)
     * @param escapees live processes carrying this session's {@code WIRE_HOME}, probed in SWEPT only
     */
    record Stop(long pgid, StopReason reason, Duration grace, Stage stage, Instant stageSince, boolean groupAlive,
            List<Long> escapees) {
        Stop {
            escapees = List.copyOf(escapees);
        }
    }

    /** The stop sequence: stop signal, then SIGKILL after grace, then the sweep of escapees. */
    enum Stage {
        SIGNALLED,
        KILLED,
        SWEPT
    }

    /** Why a group is being stopped; decides what follows the stop. */
    enum StopReason {
        /** Intent down (a {@code stop}, or a shutdown that stops sessions). */
        STOP,
        /** The session left the registry: forget it afterwards. */
        REMOVED,
        /** A restart by hand or a changed spec: start again afterwards. */
        RESTART,
        /** Grandchildren of an exited leader, cleared before the next generation starts. */
        GENERATION
    }

    /** Why nothing runs. */
    record Hold(Kind kind, Instant until, String reason) {
        static final Hold NONE = new Hold(Kind.NONE, null, null);
        static final Hold EXITED = new Hold(Kind.EXITED, null, null);

        static Hold backoff(Instant until) {
            return new Hold(Kind.BACKOFF, Objects.requireNonNull(until), null);
        }

        static Hold failed(String reason) {
            return new Hold(Kind.FAILED, null, Objects.requireNonNull(reason));
        }

        static Hold stuck(String reason) {
            return new Hold(Kind.STUCK, null, Objects.requireNonNull(reason));
        }

        enum Kind {
            NONE,
            BACKOFF,
            FAILED,
            EXITED,
            /**
             * A stop timed out: processes survived SIGKILL. Reported as {@code failed}, and unlike
             * the other holds a stop does not clear it, so the survivors are not hidden behind
             * {@code stopped}.
             */
            STUCK
        }
    }

    /** A start or restart asked by hand: skips backoff and clears failed or exited. */
    enum Request {
        NONE,
        START,
        RESTART
    }
}
