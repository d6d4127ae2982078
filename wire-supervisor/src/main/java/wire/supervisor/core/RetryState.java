package wire.supervisor.core;

import java.util.Objects;

/** The core's "backoff" input for one session: the delay sequence and the restart window. */
record RetryState(Backoff backoff, RestartWindow window) {
    static final RetryState FRESH = new RetryState(Backoff.initial(), RestartWindow.empty());

    RetryState {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(window, "window");
    }
}
