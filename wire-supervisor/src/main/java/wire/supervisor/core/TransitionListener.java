package wire.supervisor.core;

import java.time.Instant;
import wire.protocol.SessionState;
import wire.protocol.SessionStatus;

/**
 * Told of every change of a session's {@code state}, for {@code session_state} notifications. Runs
 * on the loop thread after the change is complete: hand off and return, never block or call back
 * into the loop and wait.
 */
@FunctionalInterface
public interface TransitionListener {
    TransitionListener NONE = (session, from, to, at, status) -> {};

    /** @param from the previous state, null the first time a session is seen */
    void changed(String session, SessionState from, SessionState to, Instant at, SessionStatus status);

    /**
     * Whether a change of {@code session} would be told to anyone now; when not, the loop skips
     * {@link #changed} and the status it would have built. Called on the loop thread.
     */
    default boolean listening(String session) {
        return true;
    }
}
