package wire.supervisor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wire.ipc.RpcServer;
import wire.supervisor.os.Libc;
import wire.supervisor.registry.RegistryWatch;

/**
 * The one thread for what the daemon does on its own, asleep in the kernel in between: registry
 * passes when a watched {@code session.json} (or a session directory) changes, a full rescan
 * every {@code registryPoll} as the safety net for what the watch cannot see, SIGHUP's reload,
 * binding the socket again when its file is deleted or replaced, and handing memory that a burst
 * of work freed back to the OS, including after a burst of RPC clients ({@link AfterBurst}).
 *
 * <p>Why a watch and not only a poll: rescanning 200 sessions every 10 s was most of an idle
 * daemon's CPU (docs/performance.md), and a change is now seen at once instead of within the
 * poll. While the watch is incomplete (no inotify, or a directory it was refused) the rescan runs
 * at least every {@link #DEGRADED_POLL}, as the poll always did.
 *
 * <p>A burst of events (a new directory, then its {@code session.json} written and renamed into
 * place) is taken as one pass once the directory has been quiet for {@link #QUIET_MILLIS}, so a
 * session is not first seen half-written; a burst that never goes quiet is cut at {@link
 * #MAX_BATCH_MILLIS}.
 *
 * <p>Memory: glibc keeps the C heap that start-up or a reload's spawns used (JIT compilation,
 * class loading, FFM linking) mapped after it is freed; {@link Libc#mallocTrim} gives it back
 * {@link #TRIM_AFTER} after the start and after each pass that changed something, and at each
 * full rescan. About 5 MiB at 200 sessions (docs/performance.md), for no periodic wake-up of its
 * own, where the JVM's {@code -XX:TrimNativeHeapInterval} would add a thread that wakes on a timer.
 * After a burst of clients it first runs a full GC ({@link AfterBurst} says when), which shrinks
 * the heap and frees the connections' direct buffers, and trims {@link #CLEANER_GRACE} later,
 * once the JDK's cleaner thread has freed them.
 */
final class Housekeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeper.class);
    static final Duration DEGRADED_POLL = Duration.ofSeconds(10);
    static final long QUIET_MILLIS = 150;
    static final long MAX_BATCH_MILLIS = 2000;
    static final Duration TRIM_AFTER = Duration.ofSeconds(10);
    static final Duration CLEANER_GRACE = Duration.ofSeconds(1);
    private static final long NEVER = Long.MAX_VALUE;

    private final RegistryWatch watch;
    private final Registry registry;
    private final RpcServer server;
    private final Path socket;
    private final Duration registryPoll;
    private final AtomicBoolean reloadRequested = new AtomicBoolean();
    private final AtomicBoolean connectionsEnded = new AtomicBoolean();
    private final AfterBurst afterBurst;
    private final Thread thread;
    private volatile boolean closed;

    Housekeeper(RegistryWatch watch, Registry registry, RpcServer server, Path socket, Duration registryPoll) {
        this.watch = watch;
        this.registry = registry;
        this.server = server;
        this.socket = socket;
        this.registryPoll = registryPoll;
        this.afterBurst = new AfterBurst(Runtime.getRuntime().totalMemory(), server.connectionsAccepted());
        this.thread = Thread.ofPlatform().name("wire-housekeeper").daemon(true).unstarted(this::run);
    }

    void start() {
        server.onAllClosed(this::connectionsEnded);
        thread.start();
    }

    /** The server's last open connection closed (on that connection's thread): note it, no more. */
    private void connectionsEnded() {
        connectionsEnded.set(true);
        watch.wake();
    }

    /** SIGHUP: a reload (every file read again) on this thread, soon. */
    void reloadSoon() {
        reloadRequested.set(true);
        watch.wake();
    }

    private long pollNanos() {
        return (watch.complete() ? registryPoll : min(registryPoll, DEGRADED_POLL)).toNanos();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Nanos from {@code now} until {@code deadline} ({@link #NEVER} for none), as whole millis for a wait. */
    private static long millisUntil(long deadline, long now) {
        return deadline == NEVER ? Long.MAX_VALUE : Math.max(0, (deadline - now) / 1_000_000);
    }

    private void run() {
        long start = System.nanoTime();
        long nextRescan = start + pollNanos();
        long trimAt = start + TRIM_AFTER.toNanos();
        while (!closed) {
            // Also here: a pass may have swallowed the wake of a connection that ended meanwhile.
            noteEndedConnections();
            long now = System.nanoTime();
            long wait = Math.min(millisUntil(nextRescan, now), Math.min(millisUntil(trimAt, now), millisUntil(afterBurst.deadline(), now)));
            RegistryWatch.Changes changes = watch.await(wait);
            if (closed) {
                return;
            }
            noteEndedConnections();
            if (changes.registry()) {
                changes = quiet(changes);
            }
            try {
                boolean rescan = System.nanoTime() - nextRescan >= 0;
                boolean changed = false;
                if (reloadRequested.getAndSet(false)) {
                    registry.reload();
                    changed = true;
                } else if (rescan || changes.everything()) {
                    RegistryWatch.Changes seen = changes;
                    changed = registry.refresh(name -> seen.everything() || seen.sessions().contains(name));
                } else if (changes.registry()) {
                    changed = registry.refresh(changes.sessions()::contains);
                }
                if (rescan || changes.socket()) {
                    healSocket();
                }
                if (rescan) {
                    nextRescan = System.nanoTime() + pollNanos();
                }
                if (changed) {
                    trimAt = System.nanoTime() + TRIM_AFTER.toNanos();
                } else if (rescan || trimAt != NEVER && System.nanoTime() - trimAt >= 0) {
                    Libc.mallocTrim();
                    trimAt = NEVER;
                }
                if (reclaimAfterBurst()) {
                    trimAt = System.nanoTime() + CLEANER_GRACE.toNanos();
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.error("registry pass failed", e);
                }
            }
        }
    }

    private void noteEndedConnections() {
        if (connectionsEnded.getAndSet(false)) {
            afterBurst.allClosed(System.nanoTime());
        }
    }

    /** A full GC when {@link AfterBurst} says a burst of clients is over and worth it; true when it ran. */
    private boolean reclaimAfterBurst() {
        Runtime runtime = Runtime.getRuntime();
        if (!afterBurst.due(System.nanoTime(), server.connectionCount(), runtime.totalMemory(), server.connectionsAccepted())) {
            return false;
        }
        long before = runtime.totalMemory();
        System.gc();
        afterBurst.reclaimed(runtime.totalMemory(), server.connectionsAccepted());
        LOG.debug("after a burst of clients: heap {} -> {} KiB committed", before >> 10, runtime.totalMemory() >> 10);
        return true;
    }

    /** Collects further changes until none came for {@link #QUIET_MILLIS}, at most {@link #MAX_BATCH_MILLIS}. */
    private RegistryWatch.Changes quiet(RegistryWatch.Changes first) {
        RegistryWatch.Changes all = first;
        long end = System.nanoTime() + MAX_BATCH_MILLIS * 1_000_000;
        while (!closed && System.nanoTime() - end < 0) {
            RegistryWatch.Changes more = watch.await(QUIET_MILLIS);
            if (more.timedOut()) {
                break;
            }
            all = all.and(more);
        }
        return all;
    }

    private void healSocket() {
        try {
            if (!server.isBoundPathIntact()) {
                LOG.warn("socket {} was deleted or replaced; binding it again", socket);
                server.rebind();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("could not bind {} again: {}", socket, e.toString());
        }
    }

    /** Ends the thread (a pass under way finishes first, for at most 2 s) and closes the watch. */
    @Override
    public void close() {
        closed = true;
        watch.wake();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            watch.close();
        }
    }
}
