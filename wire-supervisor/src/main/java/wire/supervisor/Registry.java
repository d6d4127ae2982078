package wire.supervisor;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import wire.protocol.ReloadResult;
import wire.supervisor.core.SessionEntry;
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
    private final Consumer<List<SessionEntry>> alsoTell;

    Registry(RegistryScanner scanner, SupervisorLoop loop) {
        this(scanner, loop, entries -> {});
    }

    /** {@code alsoTell} gets every scan after the loop has it (the log service). */
    Registry(RegistryScanner scanner, SupervisorLoop loop, Consumer<List<SessionEntry>> alsoTell) {
        this.scanner = scanner;
        this.loop = loop;
        this.alsoTell = alsoTell;
    }

    synchronized ReloadResult reload() throws IOException {
        List<SessionEntry> entries = scanner.scan();
        ReloadResult result = loop.reload(entries).join();
        alsoTell.accept(entries);
        return result;
    }

    RegistryScanner scanner() {
        return scanner;
    }
}
