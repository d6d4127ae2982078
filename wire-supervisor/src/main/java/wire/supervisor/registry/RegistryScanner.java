package wire.supervisor.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import wire.protocol.ConfigProblem;
import wire.protocol.ParsedSpec;
import wire.protocol.SessionName;
import wire.protocol.SessionSpec;
import wire.protocol.SessionSpecParser;
import wire.supervisor.core.SessionEntry;

/**
 * Reads {@code $WIRE_ROOT/sessions/*} into the list of sessions the supervisor should know,
 * each with its parsed spec or its problems, and the idle filter's verdict. All file I/O of a
 * registry pass happens here, off the event loop.
 *
 * <p>A directory under {@code sessions/} is a session; its {@code session.json} is optional (a
 * home without one runs the built-in daemon with every default). Names starting with a dot
 * ({@code .removed}, editors' temp dirs) are not sessions. A name that breaks the naming rule, a
 * symbolic link, or a {@code session.json} that is not a regular file or is over 1 MiB is
 * reported as invalid, never followed or read.
 *
 * <p>The file watch makes most passes small (one session changed), and the safety rescan finds
 * nothing new nearly every time, so a pass need not read every file: a {@code session.json}
 * whose inode, size and mtime are those of the previous pass keeps its previous parse, unless
 * the caller asks for it to be read again (a reload, or a session the watch named).
 */
public final class RegistryScanner {
    /** Larger than any honest session.json; a 100 MB file is a mistake to report, not to read. */
    static final long MAX_SPEC_BYTES = 1024 * 1024;
    static final List<String> ACTIVITY_FILES = List.of("last_sync.json", "notify.cursor", "reactor.cursor");

    private final Path sessionsDir;
    private final IdleFilter idleFilter;
    private final InstantSource clock;
    /** The last parse of each session's file and the identity of the file it came from; guarded by this. */
    private final Map<String, Parse> parses = new HashMap<>();

    /** A parse and the file it was made from: same inode, size and mtime means the same content. */
    private record Parse(Object fileKey, long size, FileTime modified, ParsedSpec result) {
        boolean of(BasicFileAttributes file) {
            return file.fileKey() != null && file.fileKey().equals(fileKey) && file.size() == size
                    && file.lastModifiedTime().equals(modified);
        }
    }

    public RegistryScanner(Path root, IdleFilter idleFilter, InstantSource clock) {
        this.sessionsDir = root.resolve("sessions");
        this.idleFilter = idleFilter;
        this.clock = clock;
    }

    public Path sessionsDir() {
        return sessionsDir;
    }

    /** Every session, sorted by name, every {@code session.json} read. A missing {@code sessions/} means none. */
    public List<SessionEntry> scan() throws IOException {
        return scan(name -> true);
    }

    /**
     * Every session, sorted by name; the {@code session.json} of a session that {@code reread}
     * does not name is read only when its inode, size or mtime differs from the last pass.
     */
    public synchronized List<SessionEntry> scan(Predicate<String> reread) throws IOException {
        List<SessionEntry> entries = new ArrayList<>();
        if (!Files.isDirectory(sessionsDir)) {
            parses.clear();
            return entries;
        }
        Set<String> seen = new HashSet<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(sessionsDir)) {
            for (Path home : dirs) {
                String name = home.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                seen.add(name);
                entries.add(read(name, home, reread.test(name)));
            }
        }
        parses.keySet().retainAll(seen);
        entries.sort(Comparator.comparing(SessionEntry::name));
        return entries;
    }

    /** The entry of one session, or empty when its directory does not exist. */
    public Optional<SessionEntry> scanOne(String name) {
        Path home = sessionsDir.resolve(name);
        if (!Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        synchronized (this) {
            return Optional.of(read(name, home, true));
        }
    }

    private SessionEntry read(String name, Path home, boolean reread) {
        Optional<String> badName = SessionName.validate(name);
        if (badName.isPresent()) {
            return invalid(name, home, "$", "directory name " + quote(name) + " is not a valid session name: "
                    + badName.get());
        }
        BasicFileAttributes homeAttrs = attributes(home).orElse(null);
        if (homeAttrs != null && homeAttrs.isSymbolicLink()) {
            return invalid(name, home, "$", home + " is a symbolic link; session homes must be real directories "
                    + "inside " + sessionsDir);
        }
        if (homeAttrs == null || !homeAttrs.isDirectory()) {
            return invalid(name, home, "$", home + " is not a directory");
        }
        Path file = home.resolve("session.json");
        SessionSpec spec;
        try {
            ParsedSpec parsed = parse(name, file, reread);
            if (parsed instanceof ParsedSpec.Invalid invalid) {
                return new SessionEntry(name, home, null, invalid.problems(), false, "invalid session.json");
            }
            spec = ((ParsedSpec.Valid) parsed).spec();
        } catch (SpecFileException e) {
            parses.remove(name);
            return invalid(name, home, "$", e.getMessage());
        }
        // Only an unbound session under an active filter depends on activity: skip the stats otherwise.
        boolean filtered = !spec.bound() && idleFilter.maxIdleDays() != 0;
        Optional<String> reason = idleFilter.ineligibleReason(spec.bound(),
                filtered ? lastActive(home) : Optional.empty(), clock.instant());
        return new SessionEntry(name, home, spec, List.of(), reason.isEmpty(), reason.orElse(null));
    }

    private static Optional<BasicFileAttributes> attributes(Path path) {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The session's spec: every default without a file, else the file's parse (the last one if it is unchanged). */
    private ParsedSpec parse(String name, Path file, boolean reread) throws SpecFileException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            parses.remove(name);
            return new ParsedSpec.Valid(SessionSpec.defaults());
        } catch (IOException e) {
            throw new SpecFileException(file + ": cannot read: " + e.getMessage());
        }
        checkReadable(file, attrs);
        Parse last = parses.get(name);
        if (!reread && last != null && last.of(attrs)) {
            return last.result();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpecFileException(file + ": cannot read: " + e.getMessage());
        }
        ParsedSpec result = SessionSpecParser.parse(file.toString(), text);
        parses.put(name, new Parse(attrs.fileKey(), attrs.size(), attrs.lastModifiedTime(), result));
        return result;
    }

    /** Refuses what must never be opened: a FIFO would block the scan, a huge file is a mistake. */
    private static void checkReadable(Path file, BasicFileAttributes attrs) throws SpecFileException {
        if (!attrs.isRegularFile()) {
            String kind = attrs.isDirectory() ? "a directory" : attrs.isSymbolicLink() ? "a symbolic link"
                    : "not a regular file (a FIFO, socket or device)";
            throw new SpecFileException(file + " is " + kind + "; it must be a regular JSON file");
        }
        if (attrs.size() > MAX_SPEC_BYTES) {
            throw new SpecFileException(file + " is " + attrs.size() + " bytes; the limit is " + MAX_SPEC_BYTES);
        }
    }

    /** Newest mtime of the activity files; the pidfile does not count (it would keep itself alive). */
    private static Optional<Instant> lastActive(Path home) {
        Path state = home.resolve("state").resolve("wire");
        Optional<Instant> newest = Optional.empty();
        for (String f : ACTIVITY_FILES) {
            try {
                FileTime t = Files.getLastModifiedTime(state.resolve(f));
                if (newest.isEmpty() || t.toInstant().isAfter(newest.get())) {
                    newest = Optional.of(t.toInstant());
                }
            } catch (IOException e) {
                // absent: no activity recorded by this file
            }
        }
        return newest;
    }

    private static SessionEntry invalid(String name, Path home, String path, String message) {
        return new SessionEntry(name, home, null, List.of(new ConfigProblem(null, path, message)), false,
                "invalid session");
    }

    private static String quote(String s) {
        return "'" + s.replace("\0", "\\0") + "'";
    }

    private static final class SpecFileException extends Exception {
        private static final long serialVersionUID = 1L;

        SpecFileException(String message) {
            super(message, null, false, false);
        }
    }
}
