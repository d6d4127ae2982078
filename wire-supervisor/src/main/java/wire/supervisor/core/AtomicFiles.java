package wire.supervisor.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one way wire writes a state file (DESIGN.md, "Paths"): a temporary file in the same
 * directory, written, then renamed over the target in one atomic step. A reader sees the old
 * content or the new one, never a torn mix, whichever process crashes. How much a machine crash
 * may take back is the caller's choice ({@link Durability}).
 */
public final class AtomicFiles {
    /**
     * Temporary names are {@code .<target>.<pid>.<counter>.tmp}: unique among the live writers
     * without {@code Files.createTempFile}, whose random names cost a {@code SecureRandom}. A file
     * left by a dead process that had the same pid is stepped over ({@code CREATE_NEW}).
     */
    private static final String PID = Long.toString(ProcessHandle.current().pid());
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final int NAME_TRIES = 100;
    /** Owner-only, whatever the umask: state files are the user's business alone. */
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    /** What a finished write survives. Both survive a crash of any process: the rename is atomic. */
    public enum Durability {
        /**
         * The file and its directory are forced to disk before the write returns, so a power loss
         * afterwards keeps the new content: for what must outlive a reboot (the user's intent,
         * {@code session.json}, the supervisor's own records).
         */
        POWER_LOSS,
        /**
         * Nothing is forced: a machine crash may leave the old content or, on some file systems, an
         * empty file (read as absent). For records of running processes ({@code child.json},
         * {@code last_exit.json}), which a machine crash ends anyway; they are written on every
         * spawn and exit, where two fsyncs would cost more than the spawn itself.
         */
        PROCESS_CRASH
    }

    private AtomicFiles() {}

    /**
     * The file and the OS's reason, for a message a user reads. The JDK leaves the reason out of
     * an {@link AccessDeniedException}'s message, which then names a file and nothing else.
     */
    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException denied && denied.getReason() == null) {
            return denied.getFile() + ": Permission denied";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** {@link #write(Path, byte[], Durability)} that survives power loss. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, Durability.POWER_LOSS);
    }

    /**
     * Replaces {@code target} with {@code content}, creating the parent directory if needed.
     *
     * @throws IOException if the directory cannot be created or the file written; {@code target}
     *     is then left as it was and no temporary file remains
     */
    public static void write(Path target, byte[] content, Durability durability) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        // Same directory: a rename across file systems would not be atomic.
        Temporary t;
        try {
            t = Temporary.create(dir, target);
        } catch (NoSuchFileException e) {
            Files.createDirectories(dir);
            t = Temporary.create(dir, target);
        }
        Path tmp = t.path();
        FileChannel ch = t.channel();
        boolean done = false;
        try {
            try (ch) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (durability == Durability.POWER_LOSS) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically", e);
            }
            done = true;
            if (durability == Durability.POWER_LOSS) {
                forceDirectory(dir);
            }
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** A new, empty temporary file beside the target, open for writing. */
    private record Temporary(Path path, FileChannel channel) {
        static Temporary create(Path dir, Path target) throws IOException {
            for (int i = 0; ; i++) {
                Path p = dir.resolve("." + target.getFileName() + "." + PID + "." + COUNTER.incrementAndGet() + ".tmp");
                try {
                    return new Temporary(p, FileChannel.open(p, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_ONLY));
                } catch (FileAlreadyExistsException e) {
                    if (i == NAME_TRIES) {
                        throw e; // a file at every name tried: something else is wrong
                    }
                }
            }
        }
    }

    /** Makes the rename itself durable; some file systems refuse to open a directory, which is fine. */
    public static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Best effort: the content itself is already on disk.
        }
    }
}
