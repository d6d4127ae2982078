package wire.supervisor.registry;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wire.supervisor.core.SessionEntry;
import wire.supervisor.os.InotifyEvents;
import wire.supervisor.os.Libc;

/**
 * The inotify watch that tells the supervisor, as it happens, which sessions' definitions changed
 * on disk, so that it need not rescan every {@code session.json} every few seconds.
 *
 * <p>What is watched, each directory for the names that matter in it:
 * <ul>
 *   <li>the root, for {@code sessions} (created, replaced, removed) and, when the socket lives
 *       there, the socket's name (deleted or replaced: the daemon binds again);
 *   <li>the socket's directory, when it is not the root, for the socket's name;
 *   <li>{@code sessions/}, for every entry that is added, removed, renamed or changes mode;
 *   <li>each session home that is a real directory, for its {@code session.json};
 *   <li>the {@code state/wire} directory of each session the idle filter holds back, for its
 *       activity files, so that the session starts as soon as it is used again.
 * </ul>
 *
 * <p>What it cannot see, the caller's slower full rescan finds: a file changed through a hard link
 * in another directory or on another machine (NFS), a directory whose watch was refused (the
 * per-user watch limit). {@link #complete()} says whether every wanted directory is watched; when
 * it is not, the caller rescans more often.
 * Homes are watched before their files are trusted: a new watch asks for its session to be read
 * once more ({@link Changes#sessions}), which catches a write made between the scan and the watch.
 *
 * <p>{@link #await} is called by one thread; {@link #track} and {@link #wake} may be called by any.
 */
public final class RegistryWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatch.class);
    private static final String SESSIONS = "sessions";
    private static final String SPEC = "session.json";
    private static final int ENOENT = 2;
    private static final int DIR = Libc.IN_ONLYDIR | Libc.IN_DONT_FOLLOW;
    private static final int ENTRIES = Libc.IN_CREATE | Libc.IN_DELETE | Libc.IN_MOVED_FROM | Libc.IN_MOVED_TO;
    private static final int ROOT_MASK = ENTRIES | Libc.IN_ONLYDIR;
    private static final int SESSIONS_MASK = ENTRIES | Libc.IN_ATTRIB | Libc.IN_DELETE_SELF | Libc.IN_MOVE_SELF
            | Libc.IN_ONLYDIR;
    private static final int HOME_MASK = ENTRIES | Libc.IN_CLOSE_WRITE | Libc.IN_ATTRIB | DIR;
    private static final int ACTIVITY_MASK = Libc.IN_CREATE | Libc.IN_MOVED_TO | Libc.IN_CLOSE_WRITE | Libc.IN_ATTRIB
            | DIR;

    /**
     * What happened since the last {@link #await}.
     *
     * @param timedOut nothing happened within the timeout
     * @param woken {@link #wake} was called
     * @param everything the watch lost track (an overflowed queue, {@code sessions/} replaced): rescan all
     * @param sessions the sessions whose {@code session.json} or activity may have changed: read them again
     * @param socket the socket file may have been deleted or replaced
     */
    public record Changes(boolean timedOut, boolean woken, boolean everything, Set<String> sessions, boolean socket) {
        public Changes {
            sessions = Set.copyOf(sessions);
        }

        static final Changes TIMED_OUT = new Changes(true, false, false, Set.of(), false);

        /** Whether the registry should be scanned for this. */
        public boolean registry() {
            return everything || !sessions.isEmpty();
        }

        /** Both, as one. */
        public Changes and(Changes later) {
            Set<String> names = new HashSet<>(sessions);
            names.addAll(later.sessions);
            return new Changes(timedOut && later.timedOut, woken || later.woken, everything || later.everything,
                    names, socket || later.socket);
        }
    }

    private enum Kind { ROOT, SOCKET_DIR, SESSIONS, HOME, ACTIVITY }

    /** A watched directory: what it is, and for a home or state directory, whose. */
    private record Target(Kind kind, Path dir, String session) {
        int mask() {
            return switch (kind) {
                case ROOT, SOCKET_DIR -> ROOT_MASK;
                case SESSIONS -> SESSIONS_MASK;
                case HOME -> HOME_MASK;
                case ACTIVITY -> ACTIVITY_MASK;
            };
        }
    }

    /** A watch descriptor and the directory (its file key: device and inode) it was put on. */
    private record Watch(int wd, Object inode) {}

    private final Path root;
    private final Path sessionsDir;
    private final Path socketDir;
    private final String socketName;
    private final int inotify;
    private final int wakeFd;
    private final boolean wanted;
    private final int[] fds;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(16 * 1024, 8); // events are drained until none is left
    private final MemorySegment counter = arena.allocate(8, 8);

    // Guarded by this.
    private final Map<Integer, Target> byWatch = new HashMap<>();
    private final Map<Target, Watch> watches = new HashMap<>();
    private final Set<String> reread = new HashSet<>();
    private boolean lostTrack;
    private boolean refused;

    private RegistryWatch(Path root, Path socket, int inotify, int wakeFd, boolean wanted) {
        this.wanted = wanted;
        this.root = root;
        this.sessionsDir = root.resolve(SESSIONS);
        this.socketDir = socket.toAbsolutePath().getParent();
        this.socketName = socket.getFileName().toString();
        this.inotify = inotify;
        this.wakeFd = wakeFd;
        this.fds = inotify >= 0 ? new int[] {wakeFd, inotify} : new int[] {wakeFd};
    }

    /**
     * A watch of {@code root} and {@code socket}'s directory; {@link #track} adds the sessions.
     * Without inotify (not Linux's, or no instance left) it watches nothing and says so through
     * {@link #complete()}; {@link #await} then only waits for the timeout or {@link #wake}.
     */
    public static RegistryWatch open(Path root, Path socket) {
        int inotify = Libc.inotifyInit(Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (inotify < 0) {
            LOG.warn("inotify is not available (errno {}); the sessions directory is only rescanned", -inotify);
        }
        RegistryWatch watch = new RegistryWatch(root, socket, inotify, eventfd(), true);
        watch.track(List.of());
        return watch;
    }

    /** No watch, by request ({@code --no-registry-watch}): {@link #await} waits for the timeout or {@link #wake}. */
    public static RegistryWatch off(Path root, Path socket) {
        return new RegistryWatch(root, socket, -1, eventfd(), false);
    }

    private static int eventfd() {
        int fd = Libc.eventfd(Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (fd < 0) {
            throw new IllegalStateException("eventfd failed: errno " + -fd);
        }
        return fd;
    }

    /**
     * Whether everything that should be watched is: false without inotify or while a directory's
     * watch is refused (some changes then wait for the rescan); true when watching is turned off,
     * since then the rescan alone is what was asked for.
     */
    public synchronized boolean complete() {
        return !wanted || inotify >= 0 && !refused;
    }

    /**
     * Watches what {@code entries} (the latest registry pass) makes worth watching and stops
     * watching the rest. A directory that is now another one than the watch was put on (replaced
     * under the same name) is watched afresh. A session whose directory is newly watched is named
     * by the next {@link #await}, to be read once more now that no write to it can be missed.
     */
    public synchronized void track(List<SessionEntry> entries) {
        if (inotify < 0) {
            return;
        }
        Set<Target> wanted = new LinkedHashSet<>();
        wanted.add(new Target(Kind.ROOT, root, null));
        if (!socketDir.equals(root)) {
            wanted.add(new Target(Kind.SOCKET_DIR, socketDir, null));
        }
        wanted.add(new Target(Kind.SESSIONS, sessionsDir, null));
        for (SessionEntry e : entries) {
            wanted.add(new Target(Kind.HOME, e.home(), e.name()));
            if (e.spec() != null && !e.eligible()) {
                wanted.add(new Target(Kind.ACTIVITY, e.home().resolve("state").resolve("wire"), e.name()));
            }
        }
        for (Target t : List.copyOf(watches.keySet())) {
            if (!wanted.contains(t)) {
                forget(t, true);
            }
        }
        boolean refusedNow = false;
        for (Target t : wanted) {
            Object inode = inode(t);
            Watch w = watches.get(t);
            if (w != null && w.inode().equals(inode)) {
                continue;
            }
            if (w != null) {
                forget(t, true);
            }
            if (inode == null) {
                continue; // not there, or not a real directory: nothing to watch
            }
            int wd = Libc.inotifyAddWatch(inotify, t.dir(), t.mask());
            if (wd >= 0) {
                watches.put(t, new Watch(wd, inode));
                byWatch.put(wd, t);
                if (t.session() != null) {
                    reread.add(t.session());
                }
            } else if (-wd != ENOENT) {
                // Gone already is fine (its removal is an event); anything else leaves a blind spot.
                refusedNow = true;
                if (!refused) {
                    LOG.warn("cannot watch {} (errno {}); changes there are seen by the full rescan", t.dir(), -wd);
                }
            }
        }
        refused = refusedNow;
        if (!reread.isEmpty()) {
            wake();
        }
    }

    /**
     * The identity of the directory {@code t} names now, or null when there is none. The root,
     * the socket's directory and {@code sessions/} may be symbolic links; a session's directories
     * may not (the registry reports such a home invalid whatever it points at).
     */
    private static Object inode(Target t) {
        LinkOption[] follow = t.session() == null ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        try {
            BasicFileAttributes a = Files.readAttributes(t.dir(), BasicFileAttributes.class, follow);
            return a.isDirectory() ? a.fileKey() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Makes the current or next {@link #await} return at once with {@code woken}. */
    public void wake() {
        Libc.eventfdSignal(wakeFd);
    }

    /** Waits up to {@code timeoutMillis} for a change (or {@link #wake}) and says what changed. */
    public Changes await(long timeoutMillis) {
        int ready = Libc.pollIn(fds, (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeoutMillis)));
        if (ready == 0) {
            return Changes.TIMED_OUT;
        }
        boolean woken = false;
        if (ready > 0 && (ready & 1) != 0) {
            Libc.read(wakeFd, counter);
            woken = true;
        }
        boolean[] socket = {false};
        Set<String> sessions = new HashSet<>();
        synchronized (this) {
            if (ready > 0 && (ready & 2) != 0) {
                readEvents(sessions, socket);
            }
            sessions.addAll(reread);
            reread.clear();
            boolean everything = lostTrack;
            lostTrack = false;
            return new Changes(false, woken, everything, sessions, socket[0]);
        }
    }

    private void readEvents(Set<String> sessions, boolean[] socket) {
        InotifyEvents.drain(inotify, buffer, (wd, mask, name) -> {
            if ((mask & Libc.IN_Q_OVERFLOW) != 0) {
                lostTrack = true;
                return;
            }
            Target t = byWatch.get(wd);
            if (t == null) {
                return;
            }
            if ((mask & Libc.IN_IGNORED) != 0) {
                // The directory is gone (or unmounted): the kernel dropped the watch already.
                forget(t, false);
                lostTrack |= t.kind() == Kind.SESSIONS;
                return;
            }
            classify(t, mask, name, sessions, socket);
        });
    }

    private void classify(Target t, int mask, String name, Set<String> sessions, boolean[] socket) {
        switch (t.kind()) {
            case ROOT, SOCKET_DIR -> {
                if (t.dir().equals(socketDir) && name.equals(socketName)) {
                    socket[0] = true;
                }
                if (t.kind() == Kind.ROOT && name.equals(SESSIONS)) {
                    lostTrack = true; // another directory may stand there now: the next track sees it
                }
            }
            case SESSIONS -> {
                if ((mask & (Libc.IN_DELETE_SELF | Libc.IN_MOVE_SELF)) != 0) {
                    lostTrack = true;
                } else if (!name.isEmpty() && !name.startsWith(".")) {
                    sessions.add(name);
                }
            }
            case HOME -> {
                if (name.equals(SPEC)) {
                    sessions.add(t.session());
                }
            }
            case ACTIVITY -> {
                if (RegistryScanner.ACTIVITY_FILES.contains(name)) {
                    sessions.add(t.session());
                }
            }
        }
    }

    private void forget(Target t, boolean remove) {
        Watch w = watches.remove(t);
        if (w != null) {
            byWatch.remove(w.wd());
            if (remove) {
                Libc.inotifyRmWatch(inotify, w.wd());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (inotify >= 0) {
            Libc.close(inotify);
        }
        Libc.close(wakeFd);
        arena.close();
    }
}
