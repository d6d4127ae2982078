package wire.supervisor;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import wire.protocol.ReloadResult;
import wire.supervisor.core.SessionEntry;
import wire.supervisor.core.SupervisorLoop;
import wire.supervisor.registry.RegistryScanner;

/**
 * One registry pass: scan the disk (here, off the event loop) and hand the result to the loop,
 * which diffs it against what it runs. Passes are serialised, so a watched change, the safety
 * rescan, SIGHUP and the {@code reload} method never interleave two scans.
 */
final class Registry {
    private final RegistryScanner scanner;
    private final SupervisorLoop loop;
    private final Consumer<List<SessionEntry>> alsoTell;
    private List<SessionEntry> applied; // guarded by this: the scan the loop has

    Registry(RegistryScanner scanner, SupervisorLoop loop) {
        this(scanner, loop, entries -> {});
    }

    /** {@code alsoTell} gets every scan after the loop has it (the log service, the file watch). */
    Registry(RegistryScanner scanner, SupervisorLoop loop, Consumer<List<SessionEntry>> alsoTell) {
        this.scanner = scanner;
        this.loop = loop;
        this.alsoTell = alsoTell;
    }

    /** {@code reload} and SIGHUP: every file read again, and the loop's diff returned. */
    synchronized ReloadResult reload() throws IOException {
        List<SessionEntry> entries = scanner.scan();
        ReloadResult result = loop.reload(entries).join();
        applied = entries;
        alsoTell.accept(entries);
        return result;
    }

    /**
     * A pass the daemon makes on its own (a watched change, the safety rescan): reads the files of
     * the sessions {@code reread} names and those whose inode, size or mtime changed, and tells the
     * loop only when the result differs from what it has, so a pass that finds nothing new costs
     * the loop nothing. True when the loop was told.
     */
    synchronized boolean refresh(Predicate<String> reread) throws IOException {
        List<SessionEntry> entries = scanner.scan(reread);
        boolean changed = !Objects.equals(entries, applied);
        if (changed) {
            loop.reload(entries).join();
            applied = entries;
        }
        alsoTell.accept(entries);
        return changed;
    }

    RegistryScanner scanner() {
        return scanner;
    }
}
