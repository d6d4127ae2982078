package wire.supervisor.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wire.ipc.ConnectionContext;
import wire.ipc.StreamOpening;
import wire.protocol.LogEnd;
import wire.protocol.LogStream;
import wire.protocol.LogsParams;
import wire.protocol.SessionSpec;
import wire.protocol.SubscriptionResult;
import wire.supervisor.core.SessionEntry;

/**
 * Sessions' output: rotation of every session's log files, and the {@code logs} method (tail,
 * follow, cancel). The daemon tells it the sessions after each registry scan ({@link #sessions});
 * the RPC layer opens and cancels streams.
 *
 * <p>Threads: a {@code logs} call's tail runs on a virtual thread of its own (it may wait for a
 * slow client, see {@link LogsStream}); everything after the tail, and every rotation, runs on
 * the single {@link LogWatcher} thread. Ids are {@code logs-N}, unique for the daemon's life.
 */
public final class LogService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogService.class);
    private static final String ID_PREFIX = "logs-";

    private final Map<String, SessionLogs> sessions = new ConcurrentHashMap<>();
    private final Map<String, LogsStream> streams = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ExecutorService tails = Executors.newVirtualThreadPerTaskExecutor();
    private final Instant started = Instant.now();
    private final LogWatcher watcher;
    private volatile boolean closed;

    private final class SessionLogs implements LogWatcher.Watched {
        final String name;
        final Path home;
        final Path stateDir;
        final LogFile out;
        final LogFile err;
        int watch = -1;

        SessionLogs(String name, Path home, long maxBytes, int keep) {
            this.name = name;
            this.home = home;
            this.stateDir = home.resolve("state").resolve("wire"); // DESIGN.md, Paths
            RotationStats stats = new RotationStats(stateDir, started);
            this.out = new LogFile(name, LogStream.STDOUT, stateDir.resolve("stdout.log"), maxBytes, keep, stats,
                    watcher::wake);
            this.err = new LogFile(name, LogStream.STDERR, stateDir.resolve("stderr.log"), maxBytes, keep, stats,
                    watcher::wake);
        }

        @Override
        public Path stateDir() {
            return stateDir;
        }

        @Override
        public LogFile file(String fileName) {
            if (fileName.equals(out.live.getFileName().toString())) {
                return out;
            }
            return fileName.equals(err.live.getFileName().toString()) ? err : null;
        }

        @Override
        public Collection<LogFile> files() {
            return List.of(out, err);
        }

        LogFile file(LogStream stream) {
            return stream == LogStream.STDERR ? err : out;
        }
    }

    private LogService() {
        this.watcher = new LogWatcher(sessions::values);
    }

    public static LogService start() {
        return new LogService();
    }

    /**
     * The sessions as the latest registry scan found them: new ones are watched, limits follow
     * {@code log_max_bytes}/{@code log_keep} (an invalid spec keeps the previous ones), and the
     * streams of a session that is gone end with {@code session_removed}. A home that is not a
     * real directory (a symbolic link the registry refused, a stray file) is not a session whose
     * files wire may create or read: following the link would write outside the root.
     */
    public void sessions(List<SessionEntry> entries) {
        Set<String> present = new HashSet<>();
        for (SessionEntry e : entries) {
            if (!Files.isDirectory(e.home(), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            present.add(e.name());
            SessionLogs s = sessions.get(e.name());
            if (s != null && !s.home.equals(e.home())) {
                remove(s);
                s = null;
            }
            if (s == null) {
                SessionSpec spec = e.spec() == null ? SessionSpec.defaults() : e.spec();
                register(e.name(), e.home(), spec.logMaxBytes(), spec.logKeep());
            } else if (e.spec() != null) {
                s.out.limits(e.spec().logMaxBytes(), e.spec().logKeep());
                s.err.limits(e.spec().logMaxBytes(), e.spec().logKeep());
            }
        }
        for (SessionLogs s : List.copyOf(sessions.values())) {
            if (!present.contains(s.name)) {
                remove(s);
            }
        }
    }

    private SessionLogs register(String name, Path home, long maxBytes, int keep) {
        return sessions.computeIfAbsent(name, n -> {
            SessionLogs s = new SessionLogs(n, home, maxBytes, keep);
            try {
                Files.createDirectories(s.stateDir);
            } catch (IOException e) {
                LOG.warn("session {}: cannot create {}: {}", n, s.stateDir, e.toString());
            }
            s.watch = watcher.watch(s);
            return s;
        });
    }

    private void remove(SessionLogs s) {
        if (!sessions.remove(s.name, s)) {
            return;
        }
        watcher.unwatch(s.watch);
        for (LogsStream stream : List.copyOf(streams.values())) {
            if (stream.session.equals(s.name) && streams.remove(stream.id, stream)) {
                stream.end(LogEnd.Reason.SESSION_REMOVED);
            }
        }
        s.out.closeCursors();
        s.err.closeCursors();
    }

    /**
     * {@code logs} for session {@code session} at {@code home}: the reply names the stream, then
     * the tail (stdout's, then stderr's with {@code both}), then either {@code log_end complete} or
     * the lines as they are written until {@link #cancel}, removal of the session or shutdown.
     */
    public StreamOpening open(LogsParams params, Path home, ConnectionContext connection) {
        SessionLogs s = sessions.get(params.session());
        if (s == null || !s.home.equals(home)) {
            s = register(params.session(), home, SessionSpec.DEFAULT_LOG_MAX_BYTES, SessionSpec.DEFAULT_LOG_KEEP);
        }
        String id = ID_PREFIX + ids.incrementAndGet();
        SessionLogs session = s;
        LogsStream stream = new LogsStream(id, params.session(), params.follow(), connection.id());
        List<Cursor> cursors = new ArrayList<>();
        try {
            // Marked before the reply: the tail is what was written up to now, following starts here.
            for (LogStream which : order(params.stream())) {
                cursors.add(session.file(which).mark(stream));
            }
        } catch (IOException e) {
            stream.abandon();
            throw new UncheckedIOException(e);
        }
        streams.put(id, stream);
        connection.onClose(() -> {
            if (streams.remove(id, stream)) {
                stream.abandon();
            }
        });
        return new StreamOpening(new SubscriptionResult(id), sink -> {
            stream.attach(sink);
            if (!sink.isOpen()) {
                streams.remove(id, stream);
                stream.abandon();
            } else if (closed) {
                streams.remove(id, stream);
                stream.end(LogEnd.Reason.SHUTDOWN);
            } else {
                tails.execute(() -> run(stream, session, params, cursors));
            }
        });
    }

    private static List<LogStream> order(LogStream stream) {
        return switch (stream) {
            case STDOUT -> List.of(LogStream.STDOUT);
            case STDERR -> List.of(LogStream.STDERR);
            case BOTH -> List.of(LogStream.STDOUT, LogStream.STDERR);
        };
    }

    private void run(LogsStream stream, SessionLogs session, LogsParams params, List<Cursor> cursors) {
        try {
            for (Cursor c : cursors) {
                session.file(c.stream).tail(c, params.tail(), params.follow(), stream::ended);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("logs of session {}: {}", session.name, e.toString());
        }
        if (!params.follow() || stream.ended()) {
            if (streams.remove(stream.id, stream)) {
                stream.end(LogEnd.Reason.COMPLETE);
            }
            stream.abandon(); // its cursors, if any are left, are dropped at the next pass
            return;
        }
        stream.goLive();
        watcher.wake();
    }

    /** Ends the caller's own stream {@code id} with {@code log_end cancelled}; false if it has none by that id. */
    public boolean cancel(String id, ConnectionContext caller) {
        LogsStream stream = streams.get(id);
        if (stream == null || stream.connectionId() != caller.id() || !streams.remove(id, stream)) {
            return false;
        }
        return stream.end(LogEnd.Reason.CANCELLED);
    }

    /** Whether {@code id} names a {@code logs} stream (open or not). */
    public static boolean isLogsId(String id) {
        return id.startsWith(ID_PREFIX);
    }

    /** Ends every stream with {@code log_end shutdown}; later {@code logs} calls end at once the same way. */
    public void shutdown() {
        closed = true;
        for (LogsStream stream : List.copyOf(streams.values())) {
            if (streams.remove(stream.id, stream)) {
                stream.end(LogEnd.Reason.SHUTDOWN);
            }
        }
    }

    /** Rotates {@code session}'s files now if they are over their size, as the watcher would (tests). */
    void serviceNow(String session) {
        SessionLogs s = sessions.get(session);
        if (s != null) {
            s.out.service(true);
            s.err.service(true);
        }
    }

    @Override
    public void close() {
        shutdown();
        watcher.close();
        tails.shutdownNow();
    }
}
