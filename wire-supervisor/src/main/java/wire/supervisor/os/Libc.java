package wire.supervisor.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The glibc functions wire needs, bound once through FFM, for the process layer (posix_spawn,
 * pidfd, epoll, kill) and the log layer (fallocate, ftruncate, inotify, poll). Linux x86_64 and
 * glibc 2.36 or later (for {@code pidfd_open}); constants are copied from the headers named
 * beside them.
 *
 * <p>Functions that report failure through {@code errno} are linked with
 * {@code captureCallState("errno")} and their wrappers here return {@code -errno} on failure, the
 * kernel's own convention, so callers branch on the sign and never read a thread-local errno
 * that the JVM may already have overwritten. The {@code posix_spawn*} functions return their
 * error number directly and need no capture.
 */
@SuppressWarnings("restricted") // every call here is a downcall; the daemon runs with --enable-native-access
public final class Libc {
    // <asm-generic/errno-base.h>, <asm-generic/errno.h>
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int EINVAL = 22;
    public static final int EOPNOTSUPP = 95;

    // <bits/fcntl-linux.h>
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 01;
    public static final int O_CREAT = 0100;
    public static final int O_APPEND = 02000;
    public static final int O_RDWR = 02;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_NONBLOCK = 04000;

    // <linux/falloc.h>
    public static final int FALLOC_FL_COLLAPSE_RANGE = 0x08;

    // <sys/inotify.h>
    public static final int IN_MODIFY = 0x002;
    public static final int IN_MOVED_TO = 0x080;
    public static final int IN_CREATE = 0x100;
    public static final int IN_Q_OVERFLOW = 0x4000;
    public static final int IN_IGNORED = 0x8000;
    /** {@code struct inotify_event}: int wd, uint32 mask, cookie, len, then {@code len} bytes of name. */
    public static final int INOTIFY_EVENT_HEADER = 16;
    // <sys/inotify.h>, for the registry's watch of the sessions directory
    public static final int IN_ATTRIB = 0x004;
    public static final int IN_CLOSE_WRITE = 0x008;
    public static final int IN_MOVED_FROM = 0x040;
    public static final int IN_DELETE = 0x200;
    public static final int IN_DELETE_SELF = 0x400;
    public static final int IN_MOVE_SELF = 0x800;
    public static final int IN_ONLYDIR = 0x01000000;
    public static final int IN_DONT_FOLLOW = 0x02000000;

    // <poll.h>: struct pollfd { int fd; short events; short revents; }
    public static final short POLLIN = 0x001;
    public static final long POLLFD_SIZE = 8;

    // <spawn.h> (glibc): POSIX_SPAWN_SETSID is a GNU extension, glibc 2.26+
    public static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    public static final short POSIX_SPAWN_SETSID = 0x80;

    // Opaque sizes on x86_64 glibc (sizeof, checked with a C program): we only allocate them.
    public static final long POSIX_SPAWNATTR_T_SIZE = 336;
    public static final long POSIX_SPAWN_FILE_ACTIONS_T_SIZE = 80;
    /** {@code sigset_t} is 1024 bits in glibc, not the kernel's 64. */
    public static final long SIGSET_T_SIZE = 128;

    // <sys/epoll.h>, <bits/epoll.h>
    public static final int EPOLL_CLOEXEC = 02000000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLLIN = 0x001;
    /**
     * {@code struct epoll_event} is {@code __attribute__((packed))} on x86_64: a uint32 events
     * then a uint64 data at offset 4, 12 bytes in all. A naturally aligned layout (16 bytes, data
     * at 8) would read garbage from the second event on.
     */
    public static final long EPOLL_EVENT_SIZE = 12;
    public static final long EPOLL_EVENT_DATA_OFFSET = 4;

    // <bits/signum-generic.h>, <bits/signum-arch.h>
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGTERM = 15;

    // <bits/eventfd.h>
    public static final int EFD_CLOEXEC = 02000000;
    public static final int EFD_NONBLOCK = 04000;

    // <linux/wait.h>, <bits/waitflags.h>, <bits/siginfo-consts.h>
    public static final int P_PIDFD = 3;
    public static final int WEXITED = 4;
    public static final int CLD_EXITED = 1;
    public static final int CLD_KILLED = 2;
    public static final int CLD_DUMPED = 3;
    /**
     * {@code siginfo_t} is 128 bytes; on x86_64 its union starts at offset 16 (after si_signo,
     * si_errno, si_code and 4 bytes of padding). For SIGCHLD: si_pid @16, si_uid @20, si_status
     * @24, which is the exit code for CLD_EXITED and the signal number otherwise.
     */
    public static final long SIGINFO_T_SIZE = 128;
    public static final long SIGINFO_CODE_OFFSET = 8;
    public static final long SIGINFO_STATUS_OFFSET = 24;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle POSIX_SPAWN = link("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle SPAWNATTR_INIT = link("posix_spawnattr_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SPAWNATTR_DESTROY = link("posix_spawnattr_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SPAWNATTR_SETFLAGS = link("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle SPAWNATTR_SETSIGDEFAULT = link("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SPAWNATTR_SETSIGMASK = link("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle FILE_ACTIONS_INIT = link("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FILE_ACTIONS_DESTROY = link("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FILE_ACTIONS_ADDOPEN = link("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FILE_ACTIONS_ADDCHDIR = link("posix_spawn_file_actions_addchdir_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle FILE_ACTIONS_ADDCLOSEFROM = link(
            "posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle STRERROR = link("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private static final MethodHandle KILL = linkErrno("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle PIDFD_OPEN = linkErrno("pidfd_open",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle WAITID = linkErrno("waitid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle EPOLL_CREATE1 = linkErrno("epoll_create1",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_CTL = linkErrno("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle EPOLL_WAIT = linkErrno("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle EVENTFD = linkErrno("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = linkErrno("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = linkErrno("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = linkErrno("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle OPEN = linkErrno("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FALLOCATE = linkErrno("fallocate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle FTRUNCATE = linkErrno("ftruncate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle INOTIFY_INIT1 = linkErrno("inotify_init1",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle INOTIFY_ADD_WATCH = linkErrno("inotify_add_watch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle INOTIFY_RM_WATCH = linkErrno("inotify_rm_watch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle POLL = linkErrno("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SIGNAL = linkErrno("signal", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));

    private Libc() {}

    private static MethodHandle link(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(
                () -> new UnsatisfiedLinkError("libc has no " + name + " (wire needs Linux with glibc 2.36+)"));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    private static MethodHandle linkErrno(String name, FunctionDescriptor descriptor) {
        return link(name, descriptor, CAPTURE_ERRNO);
    }

    /** The C library's message for error number {@code errno}, e.g. "No such file or directory". */
    public static String strerror(int errno) {
        try {
            MemorySegment message = (MemorySegment) STRERROR.invokeExact(errno);
            return message.reinterpret(Integer.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A sigset_t in {@code arena}, every bit set or none. */
    public static MemorySegment sigset(Arena arena, boolean full) {
        // Not sigfillset(3): glibc's leaves out its internal signals 32 and 33 (SIGCANCEL,
        // SIGSETXID), and posix_spawn then sets those to SIG_IGN in the child, which exec keeps.
        MemorySegment set = arena.allocate(SIGSET_T_SIZE);
        return full ? set.fill((byte) 0xff) : set;
    }

    // --- posix_spawn family: each returns 0 or an error number ---

    public static int posixSpawn(MemorySegment pid, MemorySegment path, MemorySegment fileActions, MemorySegment attr,
            MemorySegment argv, MemorySegment envp) {
        try {
            return (int) POSIX_SPAWN.invokeExact(pid, path, fileActions, attr, argv, envp);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int spawnattrInit(MemorySegment attr) {
        return call(SPAWNATTR_INIT, attr);
    }

    public static int spawnattrDestroy(MemorySegment attr) {
        return call(SPAWNATTR_DESTROY, attr);
    }

    public static int spawnattrSetflags(MemorySegment attr, short flags) {
        try {
            return (int) SPAWNATTR_SETFLAGS.invokeExact(attr, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int spawnattrSetsigdefault(MemorySegment attr, MemorySegment sigset) {
        return call(SPAWNATTR_SETSIGDEFAULT, attr, sigset);
    }

    public static int spawnattrSetsigmask(MemorySegment attr, MemorySegment sigset) {
        return call(SPAWNATTR_SETSIGMASK, attr, sigset);
    }

    public static int fileActionsInit(MemorySegment actions) {
        return call(FILE_ACTIONS_INIT, actions);
    }

    public static int fileActionsDestroy(MemorySegment actions) {
        return call(FILE_ACTIONS_DESTROY, actions);
    }

    public static int fileActionsAddopen(MemorySegment actions, int fd, MemorySegment path, int flags, int mode) {
        try {
            return (int) FILE_ACTIONS_ADDOPEN.invokeExact(actions, fd, path, flags, mode);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int fileActionsAddchdir(MemorySegment actions, MemorySegment path) {
        return call(FILE_ACTIONS_ADDCHDIR, actions, path);
    }

    public static int fileActionsAddclosefrom(MemorySegment actions, int from) {
        try {
            return (int) FILE_ACTIONS_ADDCLOSEFROM.invokeExact(actions, from);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int call(MethodHandle handle, MemorySegment a) {
        try {
            return (int) handle.invokeExact(a);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int call(MethodHandle handle, MemorySegment a, MemorySegment b) {
        try {
            return (int) handle.invokeExact(a, b);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // --- errno family: each returns its result, or -errno on failure ---

    public static int kill(int pid, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            return orErrno((int) KILL.invokeExact(state, pid, signal), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A pidfd for {@code pid}; close-on-exec is implied by the kernel. */
    public static int pidfdOpen(int pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            return orErrno((int) PIDFD_OPEN.invokeExact(state, pid, 0), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int waitid(int idType, int id, MemorySegment siginfo, int options) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            return orErrno((int) WAITID.invokeExact(state, idType, id, siginfo, options), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int epollCreate1(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            return orErrno((int) EPOLL_CREATE1.invokeExact(state, flags), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code epoll_ctl} with an event carrying {@code events} and {@code data = fd}. */
    public static int epollCtl(int epfd, int op, int fd, int events) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment event = arena.allocate(EPOLL_EVENT_SIZE);
            event.set(JAVA_INT, 0, events);
            event.set(JAVA_LONG.withByteAlignment(1), EPOLL_EVENT_DATA_OFFSET, fd);
            return orErrno((int) EPOLL_CTL.invokeExact(state, epfd, op, fd, event), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int epollWait(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            return orErrno((int) EPOLL_WAIT.invokeExact(state, epfd, events, maxEvents, timeoutMillis), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The data word of event {@code index} in an {@code epoll_wait} buffer: the fd we registered. */
    public static int epollEventFd(MemorySegment events, int index) {
        return (int) events.get(JAVA_LONG.withByteAlignment(1), index * EPOLL_EVENT_SIZE + EPOLL_EVENT_DATA_OFFSET);
    }

    public static int eventfd(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            return orErrno((int) EVENTFD.invokeExact(state, 0, flags), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Adds 1 to eventfd {@code fd}'s counter, making it readable. */
    public static long eventfdSignal(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment one = arena.allocate(JAVA_LONG);
            one.set(JAVA_LONG, 0, 1L);
            long n = (long) WRITE.invokeExact(state, fd, one, 8L);
            return n == -1 ? -(int) ERRNO.get(state, 0L) : n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Reads and so resets the counter of non-blocking eventfd {@code fd}. */
    public static long eventfdDrain(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment counter = arena.allocate(JAVA_LONG);
            long n = (long) READ.invokeExact(state, fd, counter, 8L);
            return n == -1 ? -(int) ERRNO.get(state, 0L) : n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            return orErrno((int) CLOSE.invokeExact(state, fd), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // --- files and change notification, for log rotation and following ---

    public static int open(Path path, int flags) {
        return open(path, flags, 0);
    }

    /** {@code open(2)} with the mode a file made by {@code O_CREAT} gets; -errno on failure. */
    public static int open(Path path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            return orErrno((int) OPEN.invokeExact(state, arena.allocateFrom(path.toString()), flags, mode), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int fallocate(int fd, int mode, long offset, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            return orErrno((int) FALLOCATE.invokeExact(state, fd, mode, offset, length), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int ftruncate(int fd, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            return orErrno((int) FTRUNCATE.invokeExact(state, fd, length), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int inotifyInit(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            return orErrno((int) INOTIFY_INIT1.invokeExact(state, flags), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int inotifyAddWatch(int fd, Path path, int mask) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            return orErrno((int) INOTIFY_ADD_WATCH.invokeExact(state, fd, arena.allocateFrom(path.toString()), mask),
                    state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int inotifyRmWatch(int fd, int wd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            return orErrno((int) INOTIFY_RM_WATCH.invokeExact(state, fd, wd), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code read(2)} into {@code buffer}; bytes read or -errno. */
    public static long read(int fd, MemorySegment buffer) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            long n = (long) READ.invokeExact(state, fd, buffer, buffer.byteSize());
            return n == -1 ? -(int) ERRNO.get(state, 0L) : n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code poll(2)} on {@code fds} for POLLIN; returns a bit per fd that is readable, or -errno. */
    public static int pollIn(int[] fds, int timeoutMillis) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment set = arena.allocate(POLLFD_SIZE * fds.length, 4);
            for (int i = 0; i < fds.length; i++) {
                set.set(JAVA_INT, i * POLLFD_SIZE, fds[i]);
                set.set(JAVA_SHORT, i * POLLFD_SIZE + 4, POLLIN);
            }
            int r = (int) POLL.invokeExact(state, set, (long) fds.length, timeoutMillis);
            if (r < 0) {
                return -(int) ERRNO.get(state, 0L);
            }
            int ready = 0;
            for (int i = 0; i < fds.length; i++) {
                if (set.get(JAVA_SHORT, i * POLLFD_SIZE + 6) != 0) {
                    ready |= 1 << i;
                }
            }
            return ready;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // --- the C heap, for the supervisor's housekeeping ---

    /**
     * {@code malloc_trim(0)}: returns the C heap's free memory to the OS, in every arena; true
     * when some was returned. glibc keeps memory freed by a burst of work (JIT compilation, class
     * loading, FFM linking) mapped; the idle supervisor never needs it again.
     */
    public static boolean mallocTrim() {
        try {
            return (int) MallocTrim.HANDLE.invokeExact(0L) == 1;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // --- signal dispositions ---

    /**
     * Sets {@code signal}'s disposition to {@code SIG_DFL}; 0, or -errno. For a signal inherited
     * as ignored, which the JVM then refuses to handle (nohup leaves SIGHUP so).
     */
    public static int restoreDefaultDisposition(int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            // SIG_DFL is the null handler; SIG_ERR, (void (*)(int)) -1, reports a failure.
            MemorySegment previous = (MemorySegment) SIGNAL.invokeExact(state, signal, MemorySegment.NULL);
            return previous.address() == -1L ? -(int) ERRNO.get(state, 0L) : 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Linked on first use: only the supervisor calls it, and rarely. */
    private static final class MallocTrim {
        static final MethodHandle HANDLE = link("malloc_trim", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
    }

    private static int orErrno(int result, MemorySegment state) {
        return result == -1 ? -(int) ERRNO.get(state, 0L) : result;
    }

    /** Downcalls declare Throwable; only unchecked ones can come out of these signatures. */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
