package wire.supervisor.builtin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;
import wire.protocol.Json;
import wire.supervisor.core.StateFiles;

/**
 * A session's {@code state/wire/daemon.pid}: at most one {@code wire daemon} per session home.
 *
 * <p>Taken with create-exclusive open, so two starters can never both win. A file left by a
 * dead daemon (power loss, {@code kill -9}) is stale and reclaimed; so is one naming a live pid
 * that was reused by an unrelated process (its environment lacks this {@code WIRE_HOME}). A live
 * holder is refused by name. The content is {@code {"pid","version"}}; a bare integer from older
 * versions is still understood.
 */
public final class PidFile implements AutoCloseable {
    private static final int MAX_ATTEMPTS = 5;

    private final Path path;
    private final long pid;

    private PidFile(Path path, long pid) {
        this.path = path;
        this.pid = pid;
    }

    /** Thrown when a live daemon already serves the session. */
    public static final class HeldException extends Exception {
        private static final long serialVersionUID = 1L;
        private final long holder;

        HeldException(Path path, long holder) {
            super("another wire daemon (pid " + holder + ") already serves this session; it holds " + path);
            this.holder = holder;
        }

        public long holder() {
            return holder;
        }
    }

    public static PidFile acquire(Path path, Path home, long pid, String version) throws IOException, HeldException {
        Files.createDirectories(path.getParent());
        byte[] content = Json.mapper().createObjectNode().put("pid", pid).put("version", version).toString()
                .getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                Files.write(path, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new PidFile(path, pid);
            } catch (FileAlreadyExistsException e) {
                OptionalLong holder = readPid(path);
                if (holder.isPresent() && holder.getAsLong() != pid && servesHome(holder.getAsLong(), home)) {
                    throw new HeldException(path, holder.getAsLong());
                }
                // Stale: the holder is gone, reused by something else, or the file is garbage.
                // Another starter may reclaim it at the same moment; create-exclusive settles who wins.
                Files.deleteIfExists(path);
            }
        }
        throw new IOException("could not take " + path + " after " + MAX_ATTEMPTS + " attempts (contended)");
    }

    /** The pid a pidfile names ({@code {"pid": N, ...}} or a bare integer); empty for garbage or none. */
    static OptionalLong readPid(Path path) {
        try {
            return StateFiles.decodeDaemonPid(Files.readString(path, StandardCharsets.UTF_8))
                    .map(p -> OptionalLong.of(p.pid())).orElseGet(OptionalLong::empty);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** A live process (not a zombie) whose environment carries {@code WIRE_HOME=home}. */
    static boolean servesHome(long pid, Path home) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String stat = Files.readString(proc.resolve("stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            if (state == 'Z' || state == 'X') {
                return false;
            }
            String want = "WIRE_HOME=" + home;
            byte[] env = Files.readAllBytes(proc.resolve("environ"));
            return List.of(new String(env, StandardCharsets.UTF_8).split("\0")).contains(want);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Removes the file, but only while it still names this daemon. */
    @Override
    public void close() {
        OptionalLong holder = readPid(path);
        if (holder.isPresent() && holder.getAsLong() == pid) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // Left behind; the next starter reclaims it as stale.
            }
        }
    }
}
