package wire.supervisor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import wire.protocol.Desired;
import wire.protocol.Owner;
import wire.protocol.RestartPolicy;
import wire.protocol.SessionSpec;
import wire.protocol.SessionSpecWriter;
import wire.protocol.StopSignal;
import wire.supervisor.core.Action.BeginStop;
import wire.supervisor.core.Action.KillGroup;
import wire.supervisor.core.Action.Spawn;
import wire.supervisor.core.Action.SpawnKind;
import wire.supervisor.core.Observed.Child;
import wire.supervisor.core.Observed.Hold;
import wire.supervisor.core.Observed.PendingExit;
import wire.supervisor.core.Observed.Request;
import wire.supervisor.core.Observed.Stage;
import wire.supervisor.core.Observed.Stop;
import wire.supervisor.core.Observed.StopReason;

class ReconcilerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Path HOME = Path.of("/wire/sessions/api");
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final SessionSpec SPEC = spec(RestartPolicy.ALWAYS);
    private static final String FP = SessionSpecWriter.fingerprint(SPEC);
    private static final long PGID = 4242;

    private final Reconciler reconciler = new Reconciler(Duration.ofSeconds(5));

    // ---- builders ----

    private static SessionSpec spec(RestartPolicy policy) {
        return new SessionSpec(List.of("/bin/worker"), null, Map.of(), true, policy, StopSignal.TERM, 10, 3, 60,
                1024, 2);
    }

    private static Desire up(SessionSpec spec) {
        return new Desire("api", spec, spec == null ? null : SessionSpecWriter.fingerprint(spec), Desired.UP, true, false);
    }

    private static Desire up() {
        return up(SPEC);
    }

    private static Desire down() {
        return new Desire("api", SPEC, FP, Desired.DOWN, true, false);
    }

    private static Desire ineligible(boolean override) {
        return new Desire("api", SPEC, FP, Desired.UP, false, override);
    }

    private static Child owned() {
        return new Child(PGID, PGID, Owner.SUPERVISOR, FP);
    }

    private static Child adopted() {
        return new Child(PGID, PGID, Owner.ADOPTED, FP);
    }

    private static Child external() {
        return new Child(5151, 5151L, Owner.EXTERNAL, FP);
    }

    /** A small copy-on-write builder for the observed side. */
    private record O(Child child, Long lingering, PendingExit exit, Stop stop, Hold hold, Request request) {
        static O idle() {
            return new O(null, null, null, null, Hold.NONE, Request.NONE);
        }

        O child(Child c) {
            return new O(c, lingering, exit, stop, hold, request);
        }

        O lingering(long pgid) {
            return new O(child, pgid, exit, stop, hold, request);
        }

        O exit(PendingExit e) {
            return new O(child, lingering, e, stop, hold, request);
        }

        O stop(Stop s) {
            return new O(child, lingering, exit, s, hold, request);
        }

        O hold(Hold h) {
            return new O(child, lingering, exit, stop, h, request);
        }

        O request(Request r) {
            return new O(child, lingering, exit, stop, hold, r);
        }

        Observed build() {
            return new Observed("api", HOME, child, lingering, exit, stop, hold, request, StopSignal.TERM, GRACE);
        }
    }

    private static Stop stop(Stage stage, Instant since, boolean alive, List<Long> escapees) {
        return new Stop(PGID, StopReason.STOP, GRACE, stage, since, alive, escapees);
    }

    private static PendingExit exited(Integer code, long livedSecs) {
        return new PendingExit(code, null, Duration.ofSeconds(livedSecs), false);
    }

    private List<Action> run(Desire d, O o, RetryState retry, Instant now) {
        Map<String, Desire> desired = d == null ? Map.of() : Map.of("api", d);
        return reconciler.reconcile(desired, Map.of("api", o.build()), Map.of("api", retry), now);
    }

    private List<Action> run(Desire d, O o) {
        return run(d, o, RetryState.FRESH, T0);
    }

    private static Action only(List<Action> actions) {
        assertEquals(1, actions.size(), () -> "expected one action, got " + actions);
        return actions.getFirst();
    }

    // ---- starting ----

    @Test
    void upSessionWithNothingRunningIsSpawned() {
        assertEquals(new Spawn("api", SpawnKind.INITIAL), only(run(up(), O.idle())));
    }

    @Test
    void runningSessionWithUnchangedSpecIsLeftAlone() {
        assertEquals(List.of(), run(up(), O.idle().child(owned())));
    }

    @Test
    void ineligibleSessionIsNotAutoStarted() {
        assertEquals(List.of(), run(ineligible(false), O.idle()));
    }

    @Test
    void explicitStartOverridesTheIdleFilter() {
        assertEquals(new Spawn("api", SpawnKind.MANUAL), only(run(ineligible(false), O.idle().request(Request.START))));
        assertEquals(new Spawn("api", SpawnKind.INITIAL), only(run(ineligible(true), O.idle())));
    }

    @Test
    void ineligibleRunningChildIsNotStopped() {
        assertEquals(List.of(), run(ineligible(false), O.idle().child(owned())));
    }

    @Test
    void sessionThatNeverHadAValidSpecIsNotSpawned() {
        assertEquals(List.of(), run(up(null), O.idle()));
        assertEquals(List.of(), run(up(null), O.idle().request(Request.START)));
    }

    // ---- exits, policy, backoff, window ----

    static Stream<Arguments> exitRows() {
        return Stream.of(
                // policy, code, lived s, expected action, delay s (restarts only)
                Arguments.of(RestartPolicy.ALWAYS, 0, 3, Action.ScheduleRestart.class, 1L),
                Arguments.of(RestartPolicy.ALWAYS, 1, 3, Action.ScheduleRestart.class, 1L),
                Arguments.of(RestartPolicy.ALWAYS, 1, 30, Action.ScheduleRestart.class, 0L),
                Arguments.of(RestartPolicy.ON_FAILURE, 0, 3, Action.MarkExited.class, null),
                Arguments.of(RestartPolicy.ON_FAILURE, 2, 3, Action.ScheduleRestart.class, 1L),
                Arguments.of(RestartPolicy.ON_FAILURE, null, 3, Action.ScheduleRestart.class, 1L),
                Arguments.of(RestartPolicy.NEVER, 1, 3, Action.MarkExited.class, null),
                Arguments.of(RestartPolicy.NEVER, 0, 300, Action.MarkExited.class, null));
    }

    @ParameterizedTest(name = "{0}, code {1}, lived {2} s -> {3}")
    @MethodSource("exitRows")
    void exitIsJudgedByThePolicy(RestartPolicy policy, Integer code, long lived, Class<? extends Action> expected,
            Long delaySecs) {
        Action a = only(run(up(spec(policy)), O.idle().exit(exited(code, lived))));
        assertInstanceOf(expected, a);
        if (a instanceof Action.ScheduleRestart r) {
            assertEquals(T0.plusSeconds(delaySecs), r.at());
        }
    }

    @Test
    void rapidFailuresBackOffOneTwoFourEightUpToSixty() {
        // A crash loop with a generous window, driven through reconcile itself.
        SessionSpec loose = new SessionSpec(List.of("/bin/worker"), null, Map.of(), true, RestartPolicy.ALWAYS,
                StopSignal.TERM, 10, 1000, 60, 1024, 2);
        RetryState retry = RetryState.FRESH;
        Instant now = T0;
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            var r = (Action.ScheduleRestart) only(run(up(loose), O.idle().exit(exited(1, 2)), retry, now));
            delays.add(Duration.between(now, r.at()).toSeconds());
            retry = new RetryState(r.backoff(), r.window());
            now = r.at().plusSeconds(2);
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L), delays);
    }

    @Test
    void aTenSecondLifeResetsTheBackoff() {
        RetryState deep = new RetryState(new Backoff(5), RestartWindow.empty());
        var r = (Action.ScheduleRestart) only(run(up(), O.idle().exit(exited(1, 10)), deep, T0));
        assertEquals(T0, r.at());
        assertEquals(0, r.backoff().rapidFailures());
    }

    @Test
    void spawnFailureBacksOffWhateverThePolicy() {
        var r = (Action.ScheduleRestart) only(run(up(spec(RestartPolicy.NEVER)), O.idle().exit(PendingExit.ofSpawnFailure())));
        assertEquals(T0.plusSeconds(1), r.at());
    }

    @Test
    void failedAfterTheCapOfRestartsInsideTheWindow() {
        RestartWindow full = RestartWindow.empty();
        for (int i = 0; i < 3; i++) { // SPEC allows 3 restarts per 60 s
            full = full.record(T0.minusSeconds(30 - i), Duration.ofSeconds(60));
        }
        Action a = only(run(up(), O.idle().exit(exited(1, 2)), new RetryState(new Backoff(3), full), T0));
        assertInstanceOf(Action.MarkFailed.class, a);
    }

    @Test
    void restartsThatLeftTheWindowNoLongerCount() {
        RestartWindow old = RestartWindow.empty();
        for (int i = 0; i < 3; i++) {
            old = old.record(T0.minusSeconds(120 - i), Duration.ofSeconds(60));
        }
        assertInstanceOf(Action.ScheduleRestart.class,
                only(run(up(), O.idle().exit(exited(1, 2)), new RetryState(Backoff.initial(), old), T0)));
    }

    @Test
    void failedAndExitedWaitForAStartByHand() {
        assertEquals(List.of(), run(up(), O.idle().hold(Hold.failed("cap"))));
        assertEquals(List.of(), run(up(), O.idle().hold(Hold.EXITED)));
        assertEquals(new Spawn("api", SpawnKind.MANUAL), only(run(up(), O.idle().hold(Hold.failed("cap")).request(Request.START))));
        assertEquals(new Spawn("api", SpawnKind.MANUAL), only(run(up(), O.idle().hold(Hold.EXITED).request(Request.START))));
    }

    @Test
    void backoffWaitsForItsDeadlineThenRespawnsAsAutomaticRestart() {
        O waiting = O.idle().hold(Hold.backoff(T0.plusSeconds(4)));
        assertEquals(new Action.WakeAt("api", T0.plusSeconds(4)), only(run(up(), waiting, RetryState.FRESH, T0.plusSeconds(3))));
        assertEquals(new Spawn("api", SpawnKind.AUTOMATIC), only(run(up(), waiting, RetryState.FRESH, T0.plusSeconds(4))));
    }

    @Test
    void restartSkipsTheDelay() {
        O waiting = O.idle().hold(Hold.backoff(T0.plusSeconds(60))).request(Request.RESTART);
        assertEquals(new Spawn("api", SpawnKind.MANUAL), only(run(up(), waiting)));
    }

    @Test
    void stopDuringBackoffCancelsRestart() {
        List<Action> actions = run(down(), O.idle().hold(Hold.backoff(T0.plusSeconds(60))));
        assertEquals(List.of(new Action.ClearHold("api")), actions);
    }

    @Test
    void exitWhileIntentIsDownIsOnlyRecorded() {
        assertEquals(new Action.AcknowledgeExit("api"), only(run(down(), O.idle().exit(exited(1, 2)))));
    }

    @Test
    void exitOfAnIneligibleSessionIsNotRestarted() {
        assertEquals(new Action.AcknowledgeExit("api"), only(run(ineligible(false), O.idle().exit(exited(1, 2)))));
    }

    // ---- stopping ----

    @Test
    void intentDownStopsAnOwnedChildWithItsStopSignal() {
        assertEquals(new BeginStop("api", PGID, StopSignal.TERM, GRACE, StopReason.STOP), only(run(down(), O.idle().child(owned()))));
        assertEquals(new BeginStop("api", PGID, StopSignal.TERM, GRACE, StopReason.STOP), only(run(down(), O.idle().child(adopted()))));
    }

    static Stream<Arguments> stopRows() {
        Instant since = T0;
        return Stream.of(
                Arguments.of("signalled, alive, inside grace", stop(Stage.SIGNALLED, since, true, List.of()), null, T0.plusSeconds(9),
                        List.of(new Action.WakeAt("api", T0.plusSeconds(10)))),
                Arguments.of("signalled, alive, grace over", stop(Stage.SIGNALLED, since, true, List.of()), null, T0.plusSeconds(10),
                        List.of(new KillGroup("api", PGID))),
                Arguments.of("signalled, group gone", stop(Stage.SIGNALLED, since, false, List.of()), null, T0.plusSeconds(1),
                        List.of(new Action.SweepEscapees("api", HOME))),
                Arguments.of("killed, alive, inside timeout", stop(Stage.KILLED, since, true, List.of()), null, T0.plusSeconds(4),
                        List.of(new Action.WakeAt("api", T0.plusSeconds(5)))),
                Arguments.of("killed, group gone", stop(Stage.KILLED, since, false, List.of()), null, T0.plusSeconds(1),
                        List.of(new Action.SweepEscapees("api", HOME))),
                Arguments.of("swept, nothing left", stop(Stage.SWEPT, since, false, List.of()), null, T0,
                        List.of(new Action.FinishStop("api"))),
                Arguments.of("swept, leader exit not reported yet", stop(Stage.SWEPT, since, false, List.of()), owned(), T0.plusSeconds(1),
                        List.of(new Action.WakeAt("api", T0.plusSeconds(5)))),
                Arguments.of("swept, escapees left", stop(Stage.SWEPT, since, false, List.of(77L)), null, T0.plusSeconds(1),
                        List.of(new Action.SweepEscapees("api", HOME), new Action.WakeAt("api", T0.plusSeconds(5)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stopRows")
    void stopSequenceEscalatesStepByStep(String row, Stop stop, Child child, Instant now, List<Action> expected) {
        assertEquals(expected, run(down(), O.idle().child(child).stop(stop), RetryState.FRESH, now));
    }

    @Test
    void groupSurvivingSigkillTimesOut() {
        Action a = only(run(down(), O.idle().stop(stop(Stage.KILLED, T0, true, List.of())), RetryState.FRESH, T0.plusSeconds(5)));
        assertInstanceOf(Action.StopTimedOut.class, a);
        Action b = only(run(down(), O.idle().stop(stop(Stage.SWEPT, T0, false, List.of(77L))), RetryState.FRESH, T0.plusSeconds(5)));
        assertEquals(List.of(77L), ((Action.StopTimedOut) b).survivors());
    }

    @Test
    void aTimedOutStopStaysVisibleAfterStop() {
        assertEquals(List.of(), run(down(), O.idle().hold(Hold.stuck("pid 9 survived"))));
        assertEquals(List.of(), run(up(), O.idle().hold(Hold.stuck("pid 9 survived"))));
    }

    @Test
    void stopInProgressGoesOnWhateverTheIntent() {
        // A start during a stop waits for the stop to finish rather than spawning beside it.
        List<Action> actions = run(up(), O.idle().child(owned()).stop(stop(Stage.SIGNALLED, T0, true, List.of())).request(Request.START));
        assertFalse(actions.stream().anyMatch(a -> a instanceof Spawn), actions::toString);
    }

    // ---- registry changes ----

    @Test
    void removedSessionChildIsStopped() {
        assertEquals(new BeginStop("api", PGID, StopSignal.TERM, GRACE, StopReason.REMOVED), only(run(null, O.idle().child(owned()))));
    }

    @Test
    void removedSessionWithNothingOwnedIsForgotten() {
        assertEquals(new Action.Forget("api"), only(run(null, O.idle())));
        assertEquals(new Action.Forget("api"), only(run(null, O.idle().child(external()))));
    }

    @Test
    void changedSpecRestartsThatSessionAlone() {
        SessionSpec changed = new SessionSpec(List.of("/bin/worker", "--v2"), null, Map.of(), true, RestartPolicy.ALWAYS,
                StopSignal.INT, 10, 3, 60, 1024, 2);
        Observed api = O.idle().child(owned()).build();
        Observed web = new Observed("web", Path.of("/wire/sessions/web"), new Child(99, 99L, Owner.SUPERVISOR, FP), null,
                null, null, Hold.NONE, Request.NONE, StopSignal.TERM, GRACE);
        List<Action> actions = reconciler.reconcile(
                Map.of("api", up(changed), "web", new Desire("web", SPEC, FP, Desired.UP, true, false)),
                Map.of("api", api, "web", web), Map.of(), T0);
        assertEquals(List.of(new BeginStop("api", PGID, StopSignal.TERM, GRACE, StopReason.RESTART)), actions);
    }

    @Test
    void invalidSpecLeavesTheRunningChildUntouched() {
        // The loop passes the last valid spec for an invalid file, or none when there never was one.
        assertEquals(List.of(), run(up(), O.idle().child(owned())));
        assertEquals(List.of(), run(up(null), O.idle().child(owned())));
        assertEquals(List.of(), run(up(null), O.idle().child(adopted())));
    }

    @Test
    void restartByHandStopsTheOwnedChildFirst() {
        assertEquals(new BeginStop("api", PGID, StopSignal.TERM, GRACE, StopReason.RESTART),
                only(run(up(), O.idle().child(owned()).request(Request.RESTART))));
    }

    @Test
    void externalChildIsNeverSignalled() {
        SessionSpec changed = spec(RestartPolicy.NEVER);
        for (Desire d : new Desire[] {up(), down(), up(changed), null}) {
            for (Request r : Request.values()) {
                List<Action> actions = run(d, O.idle().child(external()).request(r));
                assertTrue(actions.stream().noneMatch(a -> a instanceof BeginStop || a instanceof KillGroup
                        || a instanceof Action.SweepEscapees || a instanceof Spawn), () -> d + " " + r + ": " + actions);
            }
        }
    }

    @Test
    void lingeringGroupIsStoppedBeforeTheNextGeneration() {
        assertEquals(new BeginStop("api", 77, StopSignal.TERM, GRACE, StopReason.GENERATION), only(run(up(), O.idle().lingering(77))));
        assertEquals(new BeginStop("api", 77, StopSignal.TERM, GRACE, StopReason.STOP), only(run(down(), O.idle().lingering(77))));
    }

    @Test
    void everyDesiredSessionNeedsAnObservedOne() {
        assertThrows(IllegalArgumentException.class,
                () -> reconciler.reconcile(Map.of("api", up()), Map.of(), Map.of(), T0));
    }

    // ---- invariants over every combination of inputs ----

    @Test
    void invariantsHoldForEveryCombinationOfInputs() {
        SessionSpec other = spec(RestartPolicy.ON_FAILURE);
        List<Desire> desires = new ArrayList<>(List.of(up(), down(), ineligible(false), ineligible(true), up(other), up(null)));
        desires.add(null);
        List<Child> children = new ArrayList<>(List.of(owned(), adopted(), external()));
        children.add(null);
        List<Long> lingerings = new ArrayList<>(List.of(77L));
        lingerings.add(null);
        List<PendingExit> exits = new ArrayList<>(List.of(exited(0, 2), exited(1, 30), PendingExit.ofSpawnFailure()));
        exits.add(null);
        List<Stop> stops = new ArrayList<>();
        stops.add(null);
        for (Stage st : Stage.values()) {
            for (boolean alive : new boolean[] {true, false}) {
                stops.add(stop(st, T0.minusSeconds(3), alive, List.of()));
                stops.add(stop(st, T0.minusSeconds(30), alive, List.of(88L)));
            }
        }
        List<Hold> holds = List.of(Hold.NONE, Hold.EXITED, Hold.failed("x"), Hold.stuck("y"), Hold.backoff(T0.plusSeconds(5)),
                Hold.backoff(T0.minusSeconds(1)));
        RestartWindow full = RestartWindow.empty();
        for (int i = 0; i < 3; i++) {
            full = full.record(T0.minusSeconds(i + 1), Duration.ofSeconds(60));
        }
        List<RetryState> retries = List.of(RetryState.FRESH, new RetryState(new Backoff(4), full));
        int cases = 0;
        for (Desire d : desires) {
            for (Child c : children) {
                for (Long l : lingerings) {
                    for (PendingExit e : exits) {
                        if (e != null && c != null) {
                            continue; // cannot happen: an exit is judged before anything new is spawned
                        }
                        for (Stop s : stops) {
                            for (Hold h : holds) {
                                for (Request r : Request.values()) {
                                    for (RetryState rs : retries) {
                                        O o = new O(c, l, e, s, h, r);
                                        checkInvariants(d, o, run(d, o, rs, T0));
                                        cases++;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(cases > 10_000, "covered " + cases);
    }

    private static void checkInvariants(Desire d, O o, List<Action> actions) {
        String where = d + " / " + o + " -> " + actions;
        Set<Long> signallable = new java.util.HashSet<>();
        if (o.stop() != null) {
            signallable.add(o.stop().pgid());
        } else {
            if (o.child() != null && o.child().owned()) {
                signallable.add(o.child().pgid());
            }
            if (o.lingering() != null) {
                signallable.add(o.lingering());
            }
        }
        long spawns = actions.stream().filter(a -> a instanceof Spawn).count();
        assertTrue(spawns <= 1, where);
        for (Action a : actions) {
            assertEquals("api", a.name(), where);
            switch (a) {
                case Spawn s -> {
                    // Never two children, never two generations.
                    assertTrue(o.child() == null && o.lingering() == null && o.stop() == null && o.exit() == null, where);
                    // Stopped stays stopped; removed never respawns.
                    assertTrue(d != null && d.intent() == Desired.UP && d.spec() != null, where);
                }
                case BeginStop b -> {
                    assertTrue(o.stop() == null && signallable.contains(b.pgid()), where);
                    assertFalse(o.child() != null && o.child().owner() == Owner.EXTERNAL && b.pgid() == o.child().pgid(), where);
                }
                case KillGroup k -> assertTrue(o.stop() != null && k.pgid() == o.stop().pgid(), where);
                case Action.SweepEscapees w -> assertTrue(o.stop() != null, where);
                default -> {}
            }
        }
        if (d == null && o.stop() == null && o.child() != null && o.child().owned()) {
            assertTrue(actions.stream().anyMatch(a -> a instanceof BeginStop), "removed child is stopped: " + where);
        }
        if (d != null && d.intent() == Desired.DOWN && o.stop() == null && o.child() != null && o.child().owned()) {
            assertTrue(actions.stream().anyMatch(a -> a instanceof BeginStop), "down child is stopped: " + where);
        }
        if (d != null && d.spec() == null && d.intent() == Desired.UP && o.stop() == null && o.child() != null) {
            assertTrue(actions.stream().noneMatch(a -> a instanceof BeginStop), "invalid spec, child untouched: " + where);
        }
    }

    @Test
    void actionsComeInNameOrderAcrossSessions() {
        Map<String, Desire> desired = new HashMap<>();
        Map<String, Observed> observed = new HashMap<>();
        for (String n : List.of("c", "a", "b")) {
            desired.put(n, new Desire(n, SPEC, FP, Desired.UP, true, false));
            observed.put(n, new Observed(n, Path.of("/wire/sessions", n), null, null, null, null, Hold.NONE, Request.NONE,
                    StopSignal.TERM, GRACE));
        }
        List<String> order = reconciler.reconcile(desired, observed, Map.of(), T0).stream().map(Action::name).toList();
        assertEquals(List.of("a", "b", "c"), order);
    }
}
