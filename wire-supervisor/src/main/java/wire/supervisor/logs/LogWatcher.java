package wire.supervisor.logs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wire.supervisor.os.InotifyEvents;
import wire.supervisor.os.Libc;

/**
 * The one thread that moves log bytes: it waits in {@code poll(2)} on an inotify descriptor
 * (one watch per session's {@code state/wire} directory, for writes, creates and renames) and an
 * eventfd (to be woken), and on each event services the named file: followers read what is new,
 * and the file rotates if it is over its size.
 *
 * <p>Why inotify: an idle daemon costs nothing (the thread sleeps in the kernel), and a line
 * reaches followers as soon as the child's {@code write} returns, as {@code tail -f} does. A
 * file created or renamed into a watched directory is checked for being a new file under the old
 * name. A sweep over every file backs this up: once a minute while every directory is watched (it
 * catches an overflowed inotify queue at the latest then; an overflow itself sweeps at once), once
 * a second while a directory's watch is refused, every 100 ms when inotify is not available at
 * all. A sweep costs a stat per file, so sweeping 200 sessions every second was most of an idle
 * daemon's CPU (docs/performance.md).
 */
final class LogWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogWatcher.class);
    private static final int MASK = Libc.IN_MODIFY | Libc.IN_CREATE | Libc.IN_MOVED_TO;
    private static final long SWEEP_NANOS = 1_000_000_000L;
    private static final long SAFETY_SWEEP_NANOS = 60_000_000_000L;

    /** What the watcher needs of a session: its state directory and its two files. */
    interface Watched {
        Path stateDir();

        /** The stream file called {@code name} in the state directory, or null. */
        LogFile file(String name);

        Collection<LogFile> files();
    }

    private final int inotify;
    private final int wakeFd;
    private final Supplier<Collection<? extends Watched>> all;
    private final Map<Integer, Watched> byWatch = new ConcurrentHashMap<>();
    /** Sessions watched since the thread last looked, whose files it services once. */
    private final Set<Watched> fresh = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;

    LogWatcher(Supplier<Collection<? extends Watched>> all) {
        this.all = all;
        int fd = Libc.inotifyInit(Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (fd < 0) {
            LOG.warn("inotify is not available (errno {}); log files are polled every 100 ms", -fd);
        }
        this.inotify = fd;
        this.wakeFd = Libc.eventfd(Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (wakeFd < 0) {
            throw new IllegalStateException("eventfd failed: errno " + -wakeFd);
        }
        this.thread = Thread.ofPlatform().name("wire-logs").daemon(true).unstarted(this::run);
        thread.start();
    }

    /**
     * Starts watching {@code session}'s directory and has its files serviced once now (what was
     * written before the watch); returns the watch id, or -1 (the sweep covers it).
     */
    int watch(Watched session) {
        fresh.add(session);
        wake();
        if (inotify < 0) {
            return -1;
        }
        int wd = Libc.inotifyAddWatch(inotify, session.stateDir(), MASK);
        if (wd < 0) {
            LOG.warn("cannot watch {} (errno {}); its logs are serviced by the 1 s sweep", session.stateDir(), -wd);
            return -1;
        }
        byWatch.put(wd, session);
        return wd;
    }

    void unwatch(int wd) {
        if (wd >= 0 && byWatch.remove(wd) != null) {
            Libc.inotifyRmWatch(inotify, wd);
        }
    }

    /** Makes the thread run a sweep now. */
    void wake() {
        Libc.eventfdSignal(wakeFd);
    }

    private void run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = arena.allocate(64 * 1024, 8);
            MemorySegment counter = arena.allocate(8, 8);
            int[] fds = inotify >= 0 ? new int[] {wakeFd, inotify} : new int[] {wakeFd};
            long lastSweep = System.nanoTime();
            while (!closed) {
                long every = sweepNanos();
                int ready = Libc.pollIn(fds, (int) Math.max(0, (lastSweep + every - System.nanoTime()) / 1_000_000));
                if (closed) {
                    return;
                }
                Set<LogFile> work = new LinkedHashSet<>();
                Set<LogFile> created = new LinkedHashSet<>();
                boolean sweep = ready == 0 || System.nanoTime() - lastSweep >= every;
                if (ready > 0 && (ready & 1) != 0) {
                    Libc.read(wakeFd, counter);
                    sweep = true;
                }
                for (Watched w : List.copyOf(fresh)) {
                    fresh.remove(w);
                    work.addAll(w.files());
                    created.addAll(w.files());
                }
                if (ready > 0 && (ready & 2) != 0) {
                    sweep |= readEvents(events, work, created);
                }
                if (sweep) {
                    lastSweep = System.nanoTime();
                    for (Watched w : all.get()) {
                        work.addAll(w.files());
                    }
                }
                for (LogFile f : work) {
                    f.service(sweep || created.contains(f));
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("the log watcher failed; logs are no longer followed or rotated", e);
        }
    }

    /** How long between sweeps now: the sweep is the only service a directory without a watch gets. */
    private long sweepNanos() {
        if (inotify < 0) {
            return 100_000_000L;
        }
        return byWatch.size() < all.get().size() ? SWEEP_NANOS : SAFETY_SWEEP_NANOS;
    }

    /**
     * Adds the files named by queued events to {@code work}, and those created or renamed into
     * place (maybe a new file under the old name) also to {@code created}; true when a sweep is needed.
     */
    private boolean readEvents(MemorySegment buffer, Set<LogFile> work, Set<LogFile> created) {
        boolean[] sweep = {false};
        InotifyEvents.drain(inotify, buffer, (wd, mask, name) -> {
            if ((mask & Libc.IN_Q_OVERFLOW) != 0) {
                sweep[0] = true;
            }
            Watched w = byWatch.get(wd);
            LogFile f = w == null || name.isEmpty() ? null : w.file(name);
            if (f != null) {
                work.add(f);
                if ((mask & (Libc.IN_CREATE | Libc.IN_MOVED_TO)) != 0) {
                    created.add(f);
                }
            }
        });
        return sweep[0];
    }

    @Override
    public void close() {
        closed = true;
        wake();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (inotify >= 0) {
            Libc.close(inotify);
        }
        Libc.close(wakeFd);
    }
}
