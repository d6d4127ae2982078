package wire.supervisor.process;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wire.protocol.StopSignal;
import wire.supervisor.os.Libc;

/**
 * Watches any number of processes with one platform thread: each watched process is a pidfd in
 * one epoll set, and the thread sleeps in {@code epoll_wait} until one of them ends.
 *
 * <p>A pidfd turns readable when its process has exited, whether or not it is our child. Only
 * for our own children may the status be read (and the zombie reaped), with
 * {@code waitid(P_PIDFD)}; any other process is reported as {@link ExitStatus#UNKNOWN}.
 *
 * <p>An eventfd in the same set wakes the thread for two things: listeners owed an immediate
 * answer (the pid was already gone or reused when {@link #watch} was called; they are still
 * called from the watcher thread, never from inside {@code watch}) and {@link #close}.
 *
 * <p>{@code lock} orders registration against shutdown: once {@code closed} is set under it, no
 * descriptor is added, and the thread closes every descriptor under it after it stops, so no
 * call ever lands on a descriptor number the process has already reused.
 */
final class ExitWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExitWatcher.class);
    private static final int MAX_EVENTS = 64;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private record Watch(long pid, boolean ownChild, ExitListener listener) {}

    private final Object lock = new Object();
    private final int epollFd;
    private final int wakeFd;
    private final Map<Integer, Watch> byPidfd = new ConcurrentHashMap<>();
    private final Queue<Watch> immediate = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    ExitWatcher() {
        epollFd = check(Libc.epollCreate1(Libc.EPOLL_CLOEXEC), "epoll_create1");
        wakeFd = Libc.eventfd(Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (wakeFd < 0) {
            Libc.close(epollFd);
            check(wakeFd, "eventfd");
        }
        int added = Libc.epollCtl(epollFd, Libc.EPOLL_CTL_ADD, wakeFd, Libc.EPOLLIN);
        if (added < 0) {
            Libc.close(wakeFd);
            Libc.close(epollFd);
            check(added, "epoll_ctl(eventfd)");
        }
        thread = Thread.ofPlatform().daemon().name("wire-exit-watcher").start(this::run);
    }

    void watch(long pid, boolean ownChild, OptionalLong expectedStartTime, ExitListener listener) {
        Watch watch = new Watch(pid, ownChild, listener);
        int pidfd = Libc.pidfdOpen(Math.toIntExact(pid));
        if (pidfd == -Libc.ESRCH) {
            answerNow(watch);
            return;
        }
        check(pidfd, "pidfd_open(" + pid + ")");
        // The pidfd pins this very process: a start time read after it was opened cannot belong to
        // a later process that reused the pid.
        if (expectedStartTime.isPresent()
                && ProcFs.stat(pid).map(ProcStat::startTime).orElse(-1L) != expectedStartTime.getAsLong()) {
            Libc.close(pidfd);
            answerNow(watch);
            return;
        }
        synchronized (lock) {
            if (closed) {
                Libc.close(pidfd);
                throw new IllegalStateException("process control is closed");
            }
            byPidfd.put(pidfd, watch);
            int added = Libc.epollCtl(epollFd, Libc.EPOLL_CTL_ADD, pidfd, Libc.EPOLLIN);
            if (added < 0) {
                byPidfd.remove(pidfd);
                Libc.close(pidfd);
                check(added, "epoll_ctl(pidfd of " + pid + ")");
            }
        }
    }

    private void answerNow(Watch watch) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("process control is closed");
            }
            immediate.add(watch);
            Libc.eventfdSignal(wakeFd);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            Libc.eventfdSignal(wakeFd);
        }
        if (Thread.currentThread() != thread) {
            try {
                if (!thread.join(CLOSE_WAIT)) {
                    LOG.warn("exit watcher still busy {} after close (a listener is blocking)", CLOSE_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = arena.allocate(Libc.EPOLL_EVENT_SIZE * MAX_EVENTS);
            MemorySegment siginfo = arena.allocate(Libc.SIGINFO_T_SIZE);
            while (!closed) {
                int ready = Libc.epollWait(epollFd, events, MAX_EVENTS, -1);
                if (ready == -Libc.EINTR) {
                    continue;
                }
                if (ready < 0) {
                    LOG.error("epoll_wait failed, exits are no longer watched: {}", Libc.strerror(-ready));
                    return;
                }
                for (int i = 0; i < ready && !closed; i++) {
                    int fd = Libc.epollEventFd(events, i);
                    if (fd == wakeFd) {
                        Libc.eventfdDrain(wakeFd);
                        Watch gone;
                        while (!closed && (gone = immediate.poll()) != null) {
                            notify(gone, ExitStatus.UNKNOWN);
                        }
                    } else {
                        ended(fd, siginfo);
                    }
                }
            }
        } finally {
            releaseDescriptors();
        }
    }

    private void ended(int pidfd, MemorySegment siginfo) {
        Watch watch = byPidfd.remove(pidfd);
        if (watch == null) {
            return;
        }
        Libc.epollCtl(epollFd, Libc.EPOLL_CTL_DEL, pidfd, 0);
        ExitStatus status = watch.ownChild() ? reap(pidfd, watch.pid(), siginfo) : ExitStatus.UNKNOWN;
        Libc.close(pidfd);
        notify(watch, status);
    }

    /** Collects the zombie of our child behind {@code pidfd} and decodes how it ended. */
    private static ExitStatus reap(int pidfd, long pid, MemorySegment siginfo) {
        int result;
        do {
            result = Libc.waitid(Libc.P_PIDFD, pidfd, siginfo, Libc.WEXITED);
        } while (result == -Libc.EINTR);
        if (result < 0) {
            LOG.warn("waitid for child {} failed: {}", pid, Libc.strerror(-result));
            return ExitStatus.UNKNOWN;
        }
        int code = siginfo.get(JAVA_INT, Libc.SIGINFO_CODE_OFFSET);
        int status = siginfo.get(JAVA_INT, Libc.SIGINFO_STATUS_OFFSET);
        return switch (code) {
            case Libc.CLD_EXITED -> ExitStatus.exited(status);
            case Libc.CLD_KILLED, Libc.CLD_DUMPED -> ExitStatus.killedBy(StopSignal.nameOf(status));
            default -> ExitStatus.UNKNOWN;
        };
    }

    private static void notify(Watch watch, ExitStatus status) {
        try {
            watch.listener().exited(watch.pid(), status);
        } catch (RuntimeException e) {
            LOG.error("exit listener for pid {} failed", watch.pid(), e);
        }
    }

    private void releaseDescriptors() {
        synchronized (lock) {
            closed = true;
            byPidfd.keySet().forEach(Libc::close);
            byPidfd.clear();
            immediate.clear();
            Libc.close(wakeFd);
            Libc.close(epollFd);
        }
    }

    private static int check(int result, String call) {
        if (result < 0) {
            throw new IllegalStateException(call + ": " + Libc.strerror(-result));
        }
        return result;
    }
}
