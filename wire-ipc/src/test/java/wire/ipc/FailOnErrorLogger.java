package wire.ipc;

import org.slf4j.Marker;
import org.slf4j.event.Level;

/**
 * The dispatcher logs an exception it caught at ERROR (and answers {@code -32603}); under a fuzz
 * target that is a finding, so this logger throws instead.
 */
final class FailOnErrorLogger extends DebugAndUpLogger {
    private static final long serialVersionUID = 1L;

    FailOnErrorLogger() {
        super("fuzz");
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        if (level == Level.ERROR) {
            AssertionError error = new AssertionError("logged at ERROR: " + pattern);
            if (throwable != null) {
                error.initCause(throwable);
            }
            throw error;
        }
    }
}
