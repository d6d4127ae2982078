package wire.supervisor.process;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import wire.supervisor.os.Libc;

/**
 * Makes the test JVM ignore one signal and block it in the calling thread, then restores both:
 * the state a child must not inherit. Restore it on the same thread.
 */
@SuppressWarnings("restricted") // FFM downcalls; surefire enables native access
final class JvmSignals {
    static final int SIGWINCH = 28;
    // <bits/sigaction.h>, <bits/signum-generic.h>
    private static final int SIG_BLOCK = 0;
    private static final int SIG_SETMASK = 2;
    private static final MemorySegment SIG_IGN = MemorySegment.ofAddress(1);

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SIGNAL = LINKER.downcallHandle(
            LINKER.defaultLookup().find("signal").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle PTHREAD_SIGMASK = LINKER.downcallHandle(
            LINKER.defaultLookup().find("pthread_sigmask").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    private final Arena arena = Arena.ofConfined();
    private final int signal;
    private final MemorySegment previousHandler;
    private final MemorySegment previousMask = arena.allocate(Libc.SIGSET_T_SIZE);

    private JvmSignals(int signal) throws Throwable {
        this.signal = signal;
        previousHandler = (MemorySegment) SIGNAL.invokeExact(signal, SIG_IGN);
        MemorySegment set = arena.allocate(Libc.SIGSET_T_SIZE);
        int bit = signal - 1;
        set.set(JAVA_BYTE, bit / 8, (byte) (1 << (bit % 8)));
        if ((int) PTHREAD_SIGMASK.invokeExact(SIG_BLOCK, set, previousMask) != 0) {
            throw new IllegalStateException("pthread_sigmask failed");
        }
    }

    static JvmSignals ignoreAndBlock(int signal) throws Throwable {
        return new JvmSignals(signal);
    }

    void restore() {
        try {
            int restored = (int) PTHREAD_SIGMASK.invokeExact(SIG_SETMASK, previousMask, MemorySegment.NULL);
            MemorySegment ignored = (MemorySegment) SIGNAL.invokeExact(signal, previousHandler);
            if (restored != 0 || ignored.address() != SIG_IGN.address()) {
                throw new IllegalStateException("signal state not restored");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            arena.close();
        }
    }
}
