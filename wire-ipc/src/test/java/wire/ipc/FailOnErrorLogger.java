package wire.ipc;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;

/**
 * The dispatcher logs an exception it caught at ERROR (and answers {@code -32603}); under a fuzz
 * target that is a finding, so this logger throws instead.
 */
final class FailOnErrorLogger extends AbstractLogger {
    private static final long serialVersionUID = 1L;

    FailOnErrorLogger() {
        this.name = "fuzz";
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
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

    @Override
    public boolean isTraceEnabled() { return false; }
    @Override
    public boolean isTraceEnabled(Marker marker) { return false; }
    @Override
    public boolean isDebugEnabled() { return false; }
    @Override
    public boolean isDebugEnabled(Marker marker) { return false; }
    @Override
    public boolean isInfoEnabled() { return true; }
    @Override
    public boolean isInfoEnabled(Marker marker) { return true; }
    @Override
    public boolean isWarnEnabled() { return true; }
    @Override
    public boolean isWarnEnabled(Marker marker) { return true; }
    @Override
    public boolean isErrorEnabled() { return true; }
    @Override
    public boolean isErrorEnabled(Marker marker) { return true; }
}
