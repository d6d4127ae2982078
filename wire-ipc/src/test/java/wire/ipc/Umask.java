package wire.ipc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** Sets the process umask, so a test can check that modes do not depend on it. */
@SuppressWarnings("restricted")
final class Umask {
    private static final MethodHandle UMASK = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("umask").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private Umask() {}

    /** Sets the umask and returns the previous one. */
    static int set(int mask) {
        try {
            return (int) UMASK.invokeExact(mask);
        } catch (Throwable e) {
            throw new AssertionError("umask(2) failed", e);
        }
    }
}
