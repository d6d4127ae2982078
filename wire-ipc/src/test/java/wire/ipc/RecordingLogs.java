package wire.ipc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An slf4j provider for the tests that records every event, so a test can assert what the server
 * logged (a refused peer at WARN, a handler's stack trace at ERROR). Found through
 * {@code META-INF/services}; no logging backend is needed.
 */
public final class RecordingLogs implements SLF4JServiceProvider {

    record Event(Level level, String logger, String message, Throwable throwable) {}

    private static final List<Event> EVENTS = new CopyOnWriteArrayList<>();

    private final ILoggerFactory loggers = RecordingLogger::new;
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();

    static List<Event> events(String logger, Level level) {
        return matching(e -> e.logger().equals(logger) && e.level() == level);
    }

    static List<Event> matching(Predicate<Event> filter) {
        return EVENTS.stream().filter(filter).toList();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {}

    private static final class RecordingLogger extends DebugAndUpLogger {
        private static final long serialVersionUID = 1L;

        RecordingLogger(String name) {
            super(name);
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable throwable) {
            EVENTS.add(new Event(level, name, MessageFormatter.basicArrayFormat(pattern, arguments), throwable));
        }
    }
}
