package wire.supervisor.core;

import java.nio.file.Path;
import java.time.Instant;
import wire.protocol.Desired;
import wire.protocol.LastError;
import wire.protocol.LastExit;
import wire.protocol.SessionSpec;
import wire.protocol.SessionState;

/**
 * What a session's status is made of, copied from its {@link SessionRuntime} at one moment of the
 * loop: immutable, so a status built from it never mixes two states, and readable from any thread.
 * The fields that depend on the time of the call (uptime, next start, last sync age) and on the
 * files the child writes are added when the status is built ({@link StatusBuilder}).
 *
 * @param desired the admin intent, not the shutdown's: a shutdown that stops sessions does not change it
 * @param backoffUntil when the next start is due, null unless backing off
 */
record SessionView(String name, Path home, SessionState state, Desired desired, LiveChild child, int restartCount,
        LastExit lastExit, Instant backoffUntil, SessionSpec spec, SessionEntry entry, LastError lastError) {

    /** {@code rt} as it is now, in {@code state}. Loop thread only. */
    static SessionView of(SessionRuntime rt, SessionState state) {
        return new SessionView(rt.name, rt.home, state, rt.desired(false), rt.child, rt.restartCount, rt.lastExit,
                state == SessionState.BACKOFF ? rt.hold.until() : null, rt.activeSpec, rt.entry, rt.lastError);
    }
}
