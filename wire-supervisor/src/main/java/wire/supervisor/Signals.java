package wire.supervisor;

import sun.misc.Signal;

/**
 * SIGHUP means "reload" (DESIGN.md, Daemon signals). The JDK has no public API for it;
 * {@code sun.misc.Signal} (module jdk.unsupported) is the supported way to catch it. SIGTERM and
 * SIGINT need nothing here: the JVM runs its shutdown hooks for them.
 */
final class Signals {
    private Signals() {}

    static void onHangup(Runnable action) {
        Signal.handle(new Signal("HUP"), signal -> action.run());
    }
}
