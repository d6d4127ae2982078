package wire.supervisor.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of one stream in the order they were written ({@code .N} … {@code .1},
 * {@code .part}, the live file), read as one sequence of bytes whose lengths are fixed when it is
 * opened. Opened under the {@link LogFile}'s lock, which keeps rotation away while it is read.
 */
final class Chain implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;

    private final List<FileChannel> channels;
    private final long[] lengths;
    private final long total;

    private Chain(List<FileChannel> channels, long[] lengths) {
        this.channels = channels;
        this.lengths = lengths;
        long sum = 0;
        for (long n : lengths) {
            sum += n;
        }
        this.total = sum;
    }

    /**
     * Opens {@code paths}, oldest first; one that does not exist counts as empty, and the last is
     * read only up to {@code lastLimit}.
     */
    static Chain open(List<Path> paths, long lastLimit) throws IOException {
        List<FileChannel> channels = new ArrayList<>();
        List<Long> lengths = new ArrayList<>();
        try {
            for (Path p : paths) {
                FileChannel ch;
                try {
                    ch = FileChannel.open(p, StandardOpenOption.READ);
                } catch (NoSuchFileException e) {
                    ch = null; // a rotated file not written yet, or a stream without output
                }
                channels.add(ch);
                lengths.add(ch == null ? 0L : ch.size());
            }
            if (!lengths.isEmpty()) {
                lengths.set(lengths.size() - 1, Math.min(lengths.getLast(), lastLimit));
            }
        } catch (IOException | RuntimeException e) {
            closeAll(channels);
            throw e;
        }
        return new Chain(channels, lengths.stream().mapToLong(Long::longValue).toArray());
    }

    long length() {
        return total;
    }

    /** Length of the last file of the chain: the live one. */
    long lastLength() {
        return lengths.length == 0 ? 0 : lengths[lengths.length - 1];
    }

    /**
     * Where the last {@code lines} lines start. A last line without its newline counts as a line
     * when {@code partialCounts}; else it is not counted (a follower will finish it) and the
     * result also covers the {@code lines} complete lines before it.
     */
    long tailStart(int lines, boolean partialCounts) throws IOException {
        if (total == 0) {
            return 0;
        }
        byte last = byteAt(total - 1);
        int wanted = lines;
        long end = total;
        if (last == '\n') {
            end = total - 1; // the newline that ends the last line is not a separator to count
        } else if (!partialCounts) {
            wanted++;
        }
        if (wanted == 0) {
            return total;
        }
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        int found = 0;
        long pos = end;
        while (pos > 0) {
            long from = Math.max(0, pos - CHUNK);
            buf.clear().limit((int) (pos - from));
            readFully(from, buf);
            for (int i = buf.limit() - 1; i >= 0; i--) {
                if (buf.get(i) == '\n' && ++found == wanted) {
                    return from + i + 1;
                }
            }
            pos = from;
        }
        return 0;
    }

    /** Feeds bytes {@code [from, length())} to {@code splitter}, stopping early when {@code stop} says so. */
    void copyTo(long from, LineSplitter splitter, java.util.function.BooleanSupplier stop) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long pos = from;
        while (pos < total && !stop.getAsBoolean()) {
            buf.clear().limit((int) Math.min(CHUNK, total - pos));
            readFully(pos, buf);
            splitter.feed(buf.array(), 0, buf.limit());
            pos += buf.limit();
        }
    }

    private byte byteAt(long pos) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        readFully(pos, one);
        return one.get(0);
    }

    /** Fills {@code dst} from logical position {@code pos}, across file boundaries. */
    private void readFully(long pos, ByteBuffer dst) throws IOException {
        long base = 0;
        for (int i = 0; i < lengths.length && dst.hasRemaining(); i++) {
            long end = base + lengths[i];
            while (pos < end && dst.hasRemaining()) {
                int saved = dst.limit();
                dst.limit((int) Math.min(saved, dst.position() + (end - pos)));
                int n = channels.get(i).read(dst, pos - base);
                dst.limit(saved);
                if (n < 0) {
                    throw new IOException("a log file shrank while it was read");
                }
                pos += n;
            }
            base = end;
        }
        if (dst.hasRemaining()) {
            throw new IOException("read past the end of the log files");
        }
        dst.flip();
    }

    @Override
    public void close() {
        closeAll(channels);
    }

    private static void closeAll(List<FileChannel> channels) {
        for (FileChannel ch : channels) {
            try {
                if (ch != null) {
                    ch.close();
                }
            } catch (IOException e) {
                // opened read-only: nothing to lose
            }
        }
    }
}
