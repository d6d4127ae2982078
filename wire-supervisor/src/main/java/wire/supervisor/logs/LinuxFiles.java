package wire.supervisor.logs;

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
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The glibc calls the log code needs and {@code wire.supervisor.process.Libc} does not bind:
 * {@code fallocate} and {@code ftruncate} for rotation, {@code inotify}, {@code poll} and
 * {@code eventfd} for following. Linux x86_64; constants from the headers named beside them.
 * Every wrapper returns its result, or {@code -errno} on failure (errno captured by the linker).
 */
@SuppressWarnings("restricted") // downcalls; the daemon runs with --enable-native-access
final class LinuxFiles {
    // <asm-generic/errno-base.h>, <asm-generic/errno.h>
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EINVAL = 22;
    static final int EOPNOTSUPP = 95;

    // <bits/fcntl-linux.h>
    static final int O_RDWR = 02;
    static final int O_CLOEXEC = 02000000;
    static final int O_NONBLOCK = 04000;

    // <linux/falloc.h>
    static final int FALLOC_FL_COLLAPSE_RANGE = 0x08;

    // <sys/inotify.h>
    static final int IN_MODIFY = 0x002;
    static final int IN_MOVED_TO = 0x080;
    static final int IN_CREATE = 0x100;
    static final int IN_Q_OVERFLOW = 0x4000;
    static final int IN_IGNORED = 0x8000;
    /** {@code struct inotify_event}: int wd, uint32 mask, cookie, len, then {@code len} bytes of name. */
    static final int INOTIFY_EVENT_HEADER = 16;

    // <poll.h>: struct pollfd { int fd; short events; short revents; }
    static final short POLLIN = 0x001;
    static final long POLLFD_SIZE = 8;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle OPEN = link("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = link("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle FALLOCATE = link("fallocate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle FTRUNCATE = link("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle INOTIFY_INIT1 = link("inotify_init1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle INOTIFY_ADD_WATCH = link("inotify_add_watch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle INOTIFY_RM_WATCH = link("inotify_rm_watch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = link("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = link("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle POLL = link("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle EVENTFD = link("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private LinuxFiles() {}

    private static MethodHandle link(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, Linker.Option.captureCallState("errno"));
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static int open(Path path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path.toString()), flags, 0);
            return fd == -1 ? -errno(state) : fd;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int r = (int) CLOSE.invokeExact(state, fd);
            return r == -1 ? -errno(state) : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int fallocate(int fd, int mode, long offset, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int r = (int) FALLOCATE.invokeExact(state, fd, mode, offset, length);
            return r == -1 ? -errno(state) : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int ftruncate(int fd, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int r = (int) FTRUNCATE.invokeExact(state, fd, length);
            return r == -1 ? -errno(state) : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int inotifyInit(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int r = (int) INOTIFY_INIT1.invokeExact(state, flags);
            return r == -1 ? -errno(state) : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int inotifyAddWatch(int fd, Path path, int mask) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int r = (int) INOTIFY_ADD_WATCH.invokeExact(state, fd, arena.allocateFrom(path.toString()), mask);
            return r == -1 ? -errno(state) : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int inotifyRmWatch(int fd, int wd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int r = (int) INOTIFY_RM_WATCH.invokeExact(state, fd, wd);
            return r == -1 ? -errno(state) : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code read(2)} into {@code buffer}; bytes read or -errno. */
    static long read(int fd, MemorySegment buffer) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            long n = (long) READ.invokeExact(state, fd, buffer, buffer.byteSize());
            return n == -1 ? -errno(state) : n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Adds 1 to an eventfd's counter. */
    static long eventfdSignal(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment one = arena.allocate(JAVA_LONG);
            one.set(JAVA_LONG, 0, 1L);
            long n = (long) WRITE.invokeExact(state, fd, one, 8L);
            return n == -1 ? -errno(state) : n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int eventfd(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int r = (int) EVENTFD.invokeExact(state, 0, flags);
            return r == -1 ? -errno(state) : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code poll(2)} on {@code fds} for POLLIN; returns a bit per fd that is readable, or -errno. */
    static int pollIn(int[] fds, int timeoutMillis) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment set = arena.allocate(POLLFD_SIZE * fds.length, 4);
            for (int i = 0; i < fds.length; i++) {
                set.set(JAVA_INT, i * POLLFD_SIZE, fds[i]);
                set.set(JAVA_SHORT, i * POLLFD_SIZE + 4, POLLIN);
            }
            int r = (int) POLL.invokeExact(state, set, (long) fds.length, timeoutMillis);
            if (r < 0) {
                return -errno(state);
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
