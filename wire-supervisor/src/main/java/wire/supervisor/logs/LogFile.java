package wire.supervisor.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wire.protocol.LogStream;
import wire.supervisor.os.Libc;

/**
 * One stream of one session: the live file the child appends to ({@code stdout.log}), its rotated
 * files {@code .1} (newest) … {@code .keep}, the carried line head {@code .part}, and the cursors
 * that follow it.
 *
 * <h2>Rotation without losing a line</h2>
 * The child holds the live file open with {@code O_APPEND} and never reopens it, so the file
 * cannot be renamed away. Instead, once it is larger than {@code log_max_bytes}, the head is
 * copied out and then cut off in place:
 * <ol>
 *   <li>every follower reads up to the current size (so none has unread bytes in the head);
 *   <li>{@link RotationPlan} picks the cut {@code C}, a multiple of the block size below the size,
 *       and the last line end {@code L <= C};
 *   <li>{@code .part + [0, L)} is written to {@code .1.tmp}, {@code [L, C)} to {@code .part.tmp},
 *       both fsynced; {@code .1..} shift up (the oldest beyond {@code log_keep} is deleted); the temp
 *       files are renamed into place and the directory fsynced;
 *   <li>{@code fallocate(FALLOC_FL_COLLAPSE_RANGE, 0, C)} removes exactly those bytes. The kernel
 *       does it under the inode lock, so an append racing it lands after the shifted data; nothing
 *       the child writes is ever touched;
 *   <li>every cursor's offset moves down by {@code C}.
 * </ol>
 * Readers concatenate {@code .keep … .1, .part, live}. The order of step 3 before 4 means a daemon
 * killed between them leaves a chunk in both places (a duplicate), never in neither.
 *
 * <p>Where the filesystem cannot collapse (tmpfs, NFS, …; probed once per directory) the fallback
 * copies the whole file and truncates it to 0. A write that lands between the last read and the
 * truncate is lost without a trace; the bytes written while such a rotation ran are counted as
 * {@code unguaranteed_bytes} in {@link RotationStats} and logged.
 *
 * <h2>Locking</h2>
 * One lock per stream covers rotation, every read of a cursor and every tail, so a reader never
 * sees the files mid-rotation. The watcher thread only ever {@code tryLock}s: when a tail holds the
 * lock, the file is marked dirty and serviced again once the tail lets go.
 */
final class LogFile {
    private static final Logger LOG = LoggerFactory.getLogger(LogFile.class);
    private static final int CHUNK = 64 * 1024;

    final String session;
    final LogStream stream;
    final Path live;
    private final RotationStats stats;
    private final Runnable wake;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Cursor> cursors = new CopyOnWriteArrayList<>();
    private volatile long maxBytes;
    private volatile int keep;
    private volatile boolean dirty;
    private Boolean collapses; // guarded by lock; null until probed
    private long blockSize; // guarded by lock

    LogFile(String session, LogStream stream, Path live, long maxBytes, int keep, RotationStats stats, Runnable wake) {
        this.session = session;
        this.stream = stream;
        this.live = live;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.stats = stats;
        this.wake = wake;
    }

    void limits(long maxBytes, int keep) {
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    Path rotated(int i) {
        return live.resolveSibling(live.getFileName() + "." + i);
    }

    Path part() {
        return live.resolveSibling(live.getFileName() + ".part");
    }

    private Path sibling(String suffix) {
        return live.resolveSibling(live.getFileName() + suffix);
    }

    /** Every file of the stream, oldest first: {@code .keep … .1, .part, live}. */
    List<Path> chain() {
        List<Path> paths = new ArrayList<>();
        for (int i = keep; i >= 1; i--) {
            paths.add(rotated(i));
        }
        paths.add(part());
        paths.add(live);
        return paths;
    }

    /**
     * Registers a cursor at the current end of the live file, for a {@code logs} call being
     * answered: its tail ends there and following starts there. Until the stream goes live (or
     * ends) rotation waits, so that end stays where it is.
     */
    Cursor mark(LogsStream owner) throws IOException {
        lock.lock();
        try {
            Cursor c = new Cursor(owner, stream);
            c.offset = Math.max(0, sizeOrMinusOne());
            cursors.add(c);
            return c;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends the last {@code lines} lines before the {@link #mark} through {@code cursor}; with
     * {@code follow}, leaves the cursor there (holding an unfinished last line), so following
     * continues with the next byte: no gap, no repeat. Without, ends a last unfinished line and
     * drops the cursor.
     */
    void tail(Cursor cursor, int lines, boolean follow, BooleanSupplier stop) throws IOException {
        lock.lock();
        try (Chain chain = Chain.open(chain(), cursor.offset)) {
            long start = chain.tailStart(lines, !follow);
            chain.copyTo(start, cursor.splitter, stop);
            if (follow) {
                cursor.tailing = false;
            } else {
                cursor.splitter.finish();
                cursors.remove(cursor);
            }
        } finally {
            lock.unlock();
            if (dirty) {
                wake.run();
            }
        }
    }

    /**
     * The watcher's turn: feed the followers what was written, then rotate if the file is over its
     * size. Skipped (marked dirty) while someone else holds the lock.
     */
    void service(boolean recheck) {
        if (!lock.tryLock()) {
            dirty = true;
            return;
        }
        try {
            dirty = false;
            long size = sizeOrMinusOne(); // before the followers read: they end at or past it
            pumpAll(Long.MAX_VALUE, recheck);
            if (size > maxBytes && cursors.stream().allMatch(c -> c.owner.live() || c.owner.ended())) {
                rotate(size);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("session {}: {} of {}: {}", session, stream.wire(), live, e.toString());
        } finally {
            lock.unlock();
        }
    }

    /** Forgets every cursor (the session is gone). */
    void closeCursors() {
        lock.lock();
        try {
            for (Cursor c : cursors) {
                c.close();
            }
            cursors.clear();
        } finally {
            lock.unlock();
        }
    }

    private void pumpAll(long upTo, boolean recheck) throws IOException {
        for (Cursor c : cursors) {
            if (c.owner.ended()) {
                cursors.remove(c);
                c.close();
            } else if (c.owner.live()) {
                c.pump(live, upTo, recheck);
            }
        }
    }

    private long sizeOrMinusOne() throws IOException {
        try {
            return Files.size(live);
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    private void rotate(long size) throws IOException {
        if (collapses == null) {
            probe();
        }
        if (collapses) {
            rotateByCollapse(size);
        } else {
            rotateByCopy(size);
        }
    }

    /** Whether this directory's filesystem collapses ranges, tried once on a scratch file. */
    private void probe() throws IOException {
        FileStore store = Files.getFileStore(live.getParent());
        blockSize = Math.max(512, store.getBlockSize());
        Path scratch = sibling(".collapse-probe");
        try {
            Files.write(scratch, new byte[(int) (2 * blockSize)]);
            int fd = Libc.open(scratch, Libc.O_RDWR | Libc.O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("open " + scratch + ": errno " + -fd);
            }
            try {
                int r = Libc.fallocate(fd, Libc.FALLOC_FL_COLLAPSE_RANGE, 0, blockSize);
                collapses = r == 0 && Files.size(scratch) == blockSize;
            } finally {
                Libc.close(fd);
            }
        } finally {
            Files.deleteIfExists(scratch);
        }
        if (collapses) {
            LOG.info("session {}: {} rotates by collapsing ranges ({} filesystem, {}-byte blocks): lossless",
                    session, stream.wire(), store.type(), blockSize);
        } else {
            LOG.warn("session {}: {} is on a {} filesystem that cannot collapse ranges; rotation falls back to "
                    + "copy and truncate, which can lose what the child writes at that instant", session,
                    stream.wire(), store.type());
        }
    }

    private void rotateByCollapse(long size) throws IOException {
        long collapse = RotationPlan.collapseLength(size, blockSize);
        if (collapse == 0) {
            return;
        }
        RotationPlan plan;
        try (FileChannel in = FileChannel.open(live, StandardOpenOption.READ)) {
            plan = RotationPlan.cut(collapse, lastNewline(in, collapse), sizeOf(part()), maxBytes);
            store(in, plan);
        }
        int fd = Libc.open(live, Libc.O_RDWR | Libc.O_CLOEXEC);
        if (fd < 0) {
            throw new IOException("open " + live + ": errno " + -fd);
        }
        int r;
        try {
            r = Libc.fallocate(fd, Libc.FALLOC_FL_COLLAPSE_RANGE, 0, collapse);
        } finally {
            Libc.close(fd);
        }
        if (r != 0) {
            collapses = false;
            LOG.error("session {}: collapsing {} bytes of {} failed (errno {}); those bytes are now in the rotated "
                    + "files and still in the live file; later rotations copy and truncate", session, collapse, live,
                    -r);
            return;
        }
        for (Cursor c : cursors) {
            c.offset = Math.max(0, c.offset - collapse);
        }
        stats.rotated(stream, "collapse_range", collapse, false, 0, Instant.now());
    }

    /**
     * The fallback: copy everything to a temp file (catching up while the child writes), let the
     * followers read exactly that much, truncate, then split the copy into {@code .1} and
     * {@code .part} as a collapse would.
     */
    private void rotateByCopy(long sizeAtStart) throws IOException {
        Path copy = sibling(".copy.tmp");
        long copied = 0;
        int fd = Libc.open(live, Libc.O_RDWR | Libc.O_CLOEXEC);
        if (fd < 0) {
            throw new IOException("open " + live + ": errno " + -fd);
        }
        try (FileChannel in = FileChannel.open(live, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int pass = 0; pass < 4; pass++) {
                long size = in.size();
                if (size <= copied) {
                    break;
                }
                copied += out.transferFrom(in.position(copied), copied, size - copied);
            }
            pumpAll(copied, false);
            int r = Libc.ftruncate(fd, 0);
            if (r != 0) {
                throw new IOException("truncate " + live + ": errno " + -r);
            }
            out.force(true);
        } finally {
            Libc.close(fd);
        }
        for (Cursor c : cursors) {
            c.offset = 0;
        }
        try (FileChannel in = FileChannel.open(copy, StandardOpenOption.READ)) {
            store(in, RotationPlan.cut(copied, lastNewline(in, copied), sizeOf(part()), maxBytes));
        }
        Files.deleteIfExists(copy);
        long unguaranteed = Math.max(0, copied - sizeAtStart);
        if (unguaranteed > 0) {
            LOG.warn("session {}: {} rotated by copy and truncate while the child wrote {} bytes; a write in the "
                    + "instant before the truncate would be lost", session, stream.wire(), unguaranteed);
        }
        stats.rotated(stream, "copy_truncate", copied, true, unguaranteed, Instant.now());
    }

    /**
     * Writes {@code .part + [0, lineEnd)} as the new {@code .1} (shifting the others) and
     * {@code [lineEnd, collapse)} as the new {@code .part}, durably, before anything is cut.
     */
    private void store(FileChannel in, RotationPlan plan) throws IOException {
        Path part = part();
        Path newFirst = sibling(".1.tmp");
        Path newPart = sibling(".part.tmp");
        boolean first = plan.lineEnd() > 0;
        if (first) {
            try (FileChannel out = create(newFirst)) {
                appendFile(part, out);
                transfer(in, 0, plan.lineEnd(), out);
                out.force(true);
            }
        }
        try (FileChannel out = create(newPart)) {
            if (!first) {
                appendFile(part, out);
            }
            transfer(in, plan.lineEnd(), plan.collapse(), out);
            out.force(true);
        }
        if (first) {
            int keepNow = keep;
            Files.deleteIfExists(rotated(keepNow));
            for (int i = keepNow - 1; i >= 1; i--) {
                if (Files.exists(rotated(i))) {
                    Files.move(rotated(i), rotated(i + 1), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            for (int i = keepNow + 1; Files.deleteIfExists(rotated(i)); i++) {
                // log_keep was lowered: drop what is now beyond it
            }
            Files.move(newFirst, rotated(1), StandardCopyOption.ATOMIC_MOVE);
        }
        if (Files.size(newPart) == 0) {
            Files.delete(newPart);
            Files.deleteIfExists(part);
        } else {
            Files.move(newPart, part, StandardCopyOption.ATOMIC_MOVE);
        }
        forceDirectory(live.getParent());
    }

    private static FileChannel create(Path p) throws IOException {
        return FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void appendFile(Path source, FileChannel out) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            transfer(in, 0, in.size(), out);
        } catch (NoSuchFileException e) {
            // no carried part
        }
    }

    private static void transfer(FileChannel in, long from, long to, FileChannel out) throws IOException {
        long pos = from;
        while (pos < to) {
            long n = in.transferTo(pos, to - pos, out);
            if (n <= 0) {
                throw new IOException("log file ended at " + pos + ", expected " + to);
            }
            pos += n;
        }
    }

    /** Index of the last {@code \n} in {@code [0, end)}, or -1. */
    static long lastNewline(FileChannel in, long end) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long pos = end;
        while (pos > 0) {
            long from = Math.max(0, pos - CHUNK);
            buf.clear().limit((int) (pos - from));
            while (buf.hasRemaining()) {
                if (in.read(buf, from + buf.position()) < 0) {
                    throw new IOException("log file shorter than " + end);
                }
            }
            for (int i = buf.limit() - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return from + i;
                }
            }
            pos = from;
        }
        return -1;
    }

    private static long sizeOf(Path p) throws IOException {
        try {
            return Files.size(p);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some filesystems refuse fsync on a directory; the renames are still atomic
        }
    }
}
