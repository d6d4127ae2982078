package wire.supervisor.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import wire.protocol.Desired;
import wire.protocol.RestartPolicy;
import wire.supervisor.core.Action.AcknowledgeExit;
import wire.supervisor.core.Action.BeginStop;
import wire.supervisor.core.Action.ClearHold;
import wire.supervisor.core.Action.FinishStop;
import wire.supervisor.core.Action.Forget;
import wire.supervisor.core.Action.KillGroup;
import wire.supervisor.core.Action.MarkExited;
import wire.supervisor.core.Action.MarkFailed;
import wire.supervisor.core.Action.ScheduleRestart;
import wire.supervisor.core.Action.Spawn;
import wire.supervisor.core.Action.SpawnKind;
import wire.supervisor.core.Action.StopTimedOut;
import wire.supervisor.core.Action.SweepEscapees;
import wire.supervisor.core.Action.WakeAt;
import wire.supervisor.core.Observed.Hold;
import wire.supervisor.core.Observed.Request;
import wire.supervisor.core.Observed.Stop;
import wire.supervisor.core.Observed.StopReason;

/**
 * The supervisor's decisions as one pure function (DESIGN.md, "Supervision semantics"): given
 * what each session should do, what runs, each session's retry state and the time, it returns the
 * actions that move each session one step closer. No I/O, no clock, no threads; the loop applies
 * the actions, updates its state and calls again until nothing changes.
 *
 * <p>Invariants for any input, each covered by tests: a spawn only when nothing of the session runs
 * or is being stopped (never two children, never two generations); only owned groups are signalled
 * (an external child never); intent down never spawns; a removed session's child is stopped; an
 * invalid spec (the loop passes the last valid one) leaves the running child alone; a changed spec
 * restarts that session alone.
 *
 * <p>Not final only so that tests can count the sessions it is asked about.
 */
class Reconciler {
    /** How long processes may survive SIGKILL before a stop is declared timed out. */
    static final Duration DEFAULT_KILL_TIMEOUT = Duration.ofSeconds(5);

    private final Duration killTimeout;

    Reconciler(Duration killTimeout) {
        if (killTimeout.isNegative() || killTimeout.isZero()) {
            throw new IllegalArgumentException("killTimeout <= 0: " + killTimeout);
        }
        this.killTimeout = killTimeout;
    }

    Reconciler() {
        this(DEFAULT_KILL_TIMEOUT);
    }

    /**
     * Decides for each session of {@code observed}, each on its own: the loop passes only the
     * sessions whose inputs may have changed, and the answer for one never depends on another.
     *
     * @param desired the sessions of {@code observed} that are present in the registry, by name
     * @param observed the sessions to decide about, by name; a superset of {@code desired}'s keys
     *     (a name missing from {@code desired} was removed)
     * @param backoff retry state by name; a missing name has a fresh one
     */
    List<Action> reconcile(Map<String, Desire> desired, Map<String, Observed> observed,
            Map<String, RetryState> backoff, Instant now) {
        if (!observed.keySet().containsAll(desired.keySet())) {
            throw new IllegalArgumentException("every desired session needs an observed entry");
        }
        List<Action> actions = new ArrayList<>();
        for (String name : new TreeSet<>(observed.keySet())) {
            actions.addAll(session(desired.get(name), observed.get(name),
                    backoff.getOrDefault(name, RetryState.FRESH), now));
        }
        return actions;
    }

    /** One session; {@code d} is null when the session was removed. */
    List<Action> session(Desire d, Observed o, RetryState retry, Instant now) {
        String name = o.name();
        if (o.stop() != null) {
            return progressStop(o, now);
        }
        if (d == null) {
            return removed(o);
        }
        if (o.exit() != null) {
            return List.of(judgeExit(d, o, retry, now));
        }
        if (d.intent() == Desired.DOWN) {
            return down(o);
        }
        if (o.child() != null) {
            boolean specChanged = d.spec() != null && !d.fingerprint().equals(o.child().specFingerprint());
            // Without a spec there would be nothing to start again: never stop what cannot come back.
            if (o.child().owned() && d.spec() != null && (o.request() == Request.RESTART || specChanged)) {
                return List.of(beginStop(o, o.child().pgid(), StopReason.RESTART));
            }
            return List.of(); // running; an external child is never touched
        }
        if (d.spec() == null) {
            return List.of(); // never had a valid spec: nothing to run
        }
        boolean byHand = o.request() != Request.NONE;
        if (!byHand && !d.mayAutoStart()) {
            return List.of(); // ineligible: the idle filter governs automatic starts only
        }
        SpawnKind kind = byHand ? SpawnKind.MANUAL : SpawnKind.INITIAL;
        if (!byHand) {
            switch (o.hold().kind()) {
                case FAILED, EXITED, STUCK -> {
                    return List.of(); // only a start by hand tries again
                }
                case BACKOFF -> {
                    if (now.isBefore(o.hold().until())) {
                        return List.of(new WakeAt(name, o.hold().until()));
                    }
                    kind = SpawnKind.AUTOMATIC;
                }
                case NONE -> {}
            }
        }
        if (o.lingeringPgid() != null) {
            // Never two generations: the old group's survivors go before the new child comes.
            return List.of(beginStop(o, o.lingeringPgid(), StopReason.GENERATION));
        }
        return List.of(new Spawn(name, kind));
    }

    private static List<Action> removed(Observed o) {
        if (o.child() != null && o.child().owned()) {
            return List.of(beginStop(o, o.child().pgid(), StopReason.REMOVED));
        }
        if (o.lingeringPgid() != null) {
            return List.of(beginStop(o, o.lingeringPgid(), StopReason.REMOVED));
        }
        return List.of(new Forget(o.name())); // nothing owned runs; an external child is left alone
    }

    private static List<Action> down(Observed o) {
        if (o.child() != null && o.child().owned()) {
            return List.of(beginStop(o, o.child().pgid(), StopReason.STOP));
        }
        if (o.lingeringPgid() != null) {
            return List.of(beginStop(o, o.lingeringPgid(), StopReason.STOP));
        }
        if (o.hold().kind() != Hold.Kind.NONE && o.hold().kind() != Hold.Kind.STUCK) {
            return List.of(new ClearHold(o.name())); // stop during backoff cancels it at once
        }
        return List.of();
    }

    private static BeginStop beginStop(Observed o, long pgid, StopReason reason) {
        return new BeginStop(o.name(), pgid, o.stopSignal(), o.stopGrace(), reason);
    }

    private static Action judgeExit(Desire d, Observed o, RetryState retry, Instant now) {
        String name = o.name();
        if (d.intent() == Desired.DOWN || d.spec() == null) {
            return new AcknowledgeExit(name);
        }
        boolean byHand = o.request() != Request.NONE;
        if (!byHand && !d.mayAutoStart()) {
            return new AcknowledgeExit(name);
        }
        Observed.PendingExit exit = o.exit();
        RestartPolicy policy = d.spec().restart();
        // A failed spawn is not an end the policy speaks about: the session never ran, so it is
        // retried with backoff (bounded by the restart window) whatever the policy.
        if (!exit.spawnFailure() && !ExitPolicy.restarts(policy, exit.code())) {
            return new MarkExited(name);
        }
        Duration window = Duration.ofSeconds(d.spec().restartWindowSeconds());
        int max = d.spec().maxRestarts();
        if (!retry.window().allowsAnother(now, max, window)) {
            return new MarkFailed(name, max + " automatic restarts within " + window.toSeconds() + " s");
        }
        Backoff next = exit.spawnFailure() ? retry.backoff().afterSpawnFailure() : retry.backoff().afterLife(exit.lived());
        return new ScheduleRestart(name, now.plus(next.delay()), next, retry.window().record(now, window));
    }

    private List<Action> progressStop(Observed o, Instant now) {
        Stop s = o.stop();
        String name = o.name();
        return switch (s.stage()) {
            case SIGNALLED -> {
                if (!s.groupAlive()) {
                    yield List.of(new SweepEscapees(name, o.home()));
                }
                Instant graceEnds = s.stageSince().plus(s.grace());
                yield now.isBefore(graceEnds) ? List.of(new WakeAt(name, graceEnds)) : List.of(new KillGroup(name, s.pgid()));
            }
            case KILLED -> {
                if (!s.groupAlive()) {
                    yield List.of(new SweepEscapees(name, o.home()));
                }
                Instant deadline = s.stageSince().plus(killTimeout);
                yield now.isBefore(deadline) ? List.of(new WakeAt(name, deadline))
                        : List.of(new StopTimedOut(name, "process group " + s.pgid() + " still alive "
                                + killTimeout.toSeconds() + " s after SIGKILL", List.of(s.pgid())));
            }
            case SWEPT -> {
                // The leader's exit report may trail the group's disappearance; wait for it so the
                // stop records how the child ended.
                boolean leaderReported = o.child() == null;
                if (s.escapees().isEmpty() && leaderReported) {
                    yield List.of(new FinishStop(name));
                }
                Instant deadline = s.stageSince().plus(killTimeout);
                if (!now.isBefore(deadline)) {
                    yield List.of(new StopTimedOut(name, s.escapees().isEmpty()
                            ? "no exit reported for pid " + o.child().pid() + " after its group was gone"
                            : "processes " + s.escapees() + " still alive " + killTimeout.toSeconds()
                                    + " s after SIGKILL", s.escapees()));
                }
                List<Action> out = new ArrayList<>();
                if (!s.escapees().isEmpty()) {
                    out.add(new SweepEscapees(name, o.home())); // SIGKILL again whatever appeared since
                }
                out.add(new WakeAt(name, deadline));
                yield out;
            }
        };
    }
}
