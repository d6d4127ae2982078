package wire.supervisor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;
import wire.supervisor.os.Libc;

/**
 * The daemon's signals (DESIGN.md, Daemon signals): SIGHUP means "reload"; SIGTERM and SIGINT end
 * it through its shutdown hooks, which the JVM arranges by itself, except for a signal the daemon
 * inherited as ignored. The JVM keeps such a signal ignored and installs nothing: nohup leaves
 * SIGHUP so, a non-interactive shell's background job SIGINT, and some service managers more. A
 * detaching start ({@link DetachedProcess}) passes on whatever its caller ignored. So each of them
 * is put back to its default and handled here. {@code sun.misc.Signal} (module jdk.unsupported) is
 * the supported way to catch a signal in the JDK.
 */
final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {}

    static void onHangup(Runnable action) {
        // Not worth failing the daemon for: reload still works by RPC and by the registry watch.
        handle("HUP", Libc.SIGHUP, signal -> action.run(), false, "reload by HUP is off");
    }

    /**
     * SIGTERM and SIGINT end the daemon as the JVM ends it for them (shutdown hooks, then exit
     * 128 + the signal), also when they were inherited as ignored.
     */
    static void terminateEvenIfIgnored() {
        SignalHandler exit = signal -> System.exit(128 + signal.getNumber());
        handle("TERM", Libc.SIGTERM, exit, true, "SIGTERM does not stop the daemon; use shutdown");
        handle("INT", Libc.SIGINT, exit, true, "SIGINT does not stop the daemon; use shutdown");
    }

    /**
     * Installs {@code handler}, putting an inherited "ignore" back to the default first. With
     * {@code onlyWhereIgnored}, a signal the JVM handles itself keeps the JVM's handler.
     */
    private static void handle(String name, int number, SignalHandler handler, boolean onlyWhereIgnored,
            String otherwise) {
        Signal signal = new Signal(name);
        try {
            SignalHandler previous = Signal.handle(signal, handler);
            if (previous != SignalHandler.SIG_IGN) {
                if (onlyWhereIgnored) {
                    Signal.handle(signal, previous); // the JVM's own already ends the daemon through its hooks
                }
                return;
            }
            // A signal that arrives between these calls ends the daemon, as it would any process
            // that had not yet installed its handler.
            int result = Libc.restoreDefaultDisposition(number);
            if (result < 0) {
                LOG.warn("SIG{} is ignored and cannot be restored ({}); {}", name, Libc.strerror(-result), otherwise);
                return;
            }
            Signal.handle(signal, handler);
        } catch (IllegalArgumentException e) { // the JVM keeps the signal for itself (-Xrs and the like)
            LOG.warn("SIG{} cannot be handled ({}); {}", name, e.getMessage(), otherwise);
        }
    }
}
