package wire.supervisor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;
import wire.supervisor.os.Libc;

/**
 * SIGHUP means "reload" (DESIGN.md, Daemon signals). The JDK has no public API for it;
 * {@code sun.misc.Signal} (module jdk.unsupported) is the supported way to catch it. SIGTERM and
 * SIGINT need nothing here: the JVM runs its shutdown hooks for them.
 */
final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {}

    static void onHangup(Runnable action) {
        Signal hup = new Signal("HUP");
        SignalHandler handler = signal -> action.run();
        if (Signal.handle(hup, handler) == SignalHandler.SIG_IGN) {
            // Inherited as ignored (nohup, some service managers): the JVM then keeps the signal
            // ignored and installs nothing, so a reload by HUP would never come. Put the default
            // back and register again. A HUP in between would end the daemon, as it would any
            // process that had not yet installed its handler.
            int result = Libc.restoreDefaultDisposition(Libc.SIGHUP);
            if (result < 0) {
                // Not worth failing the daemon for: reload still works by RPC and by registry poll.
                LOG.warn("SIGHUP is ignored and cannot be restored ({}); reload by HUP is off", Libc.strerror(-result));
                return;
            }
            Signal.handle(hup, handler);
        }
    }
}
