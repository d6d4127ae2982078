package wire.supervisor;

import java.io.IOException;
import wire.protocol.ReloadResult;
import wire.supervisor.core.SupervisorLoop;
import wire.supervisor.registry.RegistryScanner;

/**
 * One registry pass: scan the disk (here, off the event loop) and hand the result to the loop,
 * which diffs it against what it runs. Passes are serialised, so the 10 s poll, SIGHUP and the
 * {@code reload} method never interleave two scans.
 */
final class Registry {
    private final RegistryScanner scanner;
    private final SupervisorLoop loop;

    Registry(RegistryScanner scanner, SupervisorLoop loop) {
        this.scanner = scanner;
        this.loop = loop;
    }

    synchronized ReloadResult reload() throws IOException {
        return loop.reload(scanner.scan()).join();
    }

    RegistryScanner scanner() {
        return scanner;
    }
}
