package wire.supervisor.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import wire.protocol.Desired;
import wire.protocol.LastError;
import wire.protocol.LastExit;
import wire.protocol.SessionSpec;
import wire.protocol.SessionState;
import wire.protocol.SessionStatus;
import wire.protocol.StopSignal;
import wire.supervisor.core.Observed.Hold;
import wire.supervisor.core.Observed.Request;

/**
 * Everything the loop holds about one session. Mutable and not thread-safe: only the loop thread
 * reads or writes it. The core sees it through the {@link #desire} and {@link #observed} snapshots.
 */
final class SessionRuntime {
    final String name;
    final Path home;
    SessionEntry entry;
    /** The last valid spec: an invalid {@code session.json} keeps the previous one running. */
    SessionSpec activeSpec;
    String activeFingerprint;
    /** The persisted admin intent, null when none was ever set (the spec's autostart decides). */
    Desired intent;
    /** An explicit start overrode the idle filter; cleared by stop. */
    boolean override;
    /** A {@code stop}'s {@code grace_seconds}, for the stop it started. */
    Duration graceOverride;
    LiveChild child;
    Long lingeringPgid;
    Observed.PendingExit exit;
    Observed.Stop stop;
    Hold hold = Hold.NONE;
    Request request = Request.NONE;
    RetryState retry = RetryState.FRESH;
    /** Automatic restarts since the daemon started or the session was last started by hand. */
    int restartCount;
    LastExit lastExit;
    /** Why the last spawn failed; null once one succeeds. */
    LastError lastError;
    /** Gone from the registry; forgotten once nothing owned runs. */
    boolean removed;
    /** The state last told to the transition listener, null before the first. */
    SessionState reportedState;
    final List<CompletableFuture<SessionStatus>> startWaiters = new ArrayList<>();
    final List<CompletableFuture<SessionStatus>> stopWaiters = new ArrayList<>();

    SessionRuntime(SessionEntry entry) {
        this.name = entry.name();
        this.home = entry.home();
        this.entry = entry;
    }

    /** The value of {@code WIRE_HOME} for this session's processes. */
    String wireHome() {
        return home.toString();
    }

    /** Intent if persisted, else up for autostart sessions; {@code stopAll} (shutdown) forces down. */
    Desired desired(boolean stopAll) {
        if (stopAll) {
            return Desired.DOWN;
        }
        if (intent != null) {
            return intent;
        }
        // Without a valid spec the default autostart holds: "down" here would stop a running child
        // just because its session.json became unreadable.
        boolean autostart = activeSpec != null ? activeSpec.autostart() : SessionSpec.DEFAULT_AUTOSTART;
        return autostart ? Desired.UP : Desired.DOWN;
    }

    /** Null when removed: the core then stops what runs and forgets the session. */
    Desire desire(boolean stopAll) {
        if (removed) {
            return null;
        }
        return new Desire(name, activeSpec, activeFingerprint, desired(stopAll), entry.eligible(), override);
    }

    Observed observed() {
        StopSignal signal = activeSpec != null ? activeSpec.stopSignal() : SessionSpec.DEFAULT_STOP_SIGNAL;
        Duration grace = graceOverride != null ? graceOverride
                : Duration.ofSeconds(activeSpec != null ? activeSpec.stopGraceSeconds() : SessionSpec.DEFAULT_STOP_GRACE_SECONDS);
        return new Observed(name, home, child == null ? null : child.observed(), lingeringPgid, exit, stop, hold, request,
                signal, grace);
    }

    boolean ownsChild() {
        return child != null && child.observed().owned();
    }

    /** Nothing of ours runs or is being stopped. */
    boolean quiet() {
        return stop == null && !ownsChild() && lingeringPgid == null;
    }

    SessionState state(boolean stopAll) {
        if (stop != null) {
            return stop.reason() == Observed.StopReason.GENERATION ? SessionState.STARTING : SessionState.STOPPING;
        }
        if (child != null) {
            return SessionState.RUNNING;
        }
        switch (hold.kind()) {
            case BACKOFF -> {
                return SessionState.BACKOFF;
            }
            case FAILED, STUCK -> {
                return SessionState.FAILED;
            }
            case EXITED -> {
                return SessionState.EXITED;
            }
            case NONE -> {}
        }
        if (!removed && activeSpec != null && desired(stopAll) == Desired.UP) {
            if (!entry.eligible() && !override && request == Request.NONE) {
                return SessionState.INELIGIBLE;
            }
            return SessionState.STARTING; // only between an event and the spawn it leads to
        }
        return SessionState.STOPPED;
    }
}
