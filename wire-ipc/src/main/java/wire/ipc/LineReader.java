package wire.ipc;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into NDJSON lines (PROTOCOL.md, Framing). Each line comes back without
 * its {@code \n} and without a trailing {@code \r}; blank and whitespace-only lines are skipped;
 * a last line without {@code \n} at end of stream is still delivered.
 *
 * <p>A line longer than the limit is never held whole: once it outgrows the limit its bytes are
 * counted and dropped up to the next {@code \n}, and a single {@link Oversize} stands for it.
 * So a hostile client costs at most the limit (plus one byte for a possible {@code \r}) per
 * connection, however long its line.
 *
 * <p>Reads in chunks. Not thread-safe: one reader per stream.
 */
final class LineReader {

    /** One result of {@link #next()}. */
    sealed interface Line permits Data, Oversize {}

    /** A complete line, never blank. */
    record Data(byte[] bytes) implements Line {}

    /** A line longer than the limit; {@code length} counts its bytes without the newline. */
    record Oversize(long length) implements Line {}

    private static final int DEFAULT_CHUNK = 16 * 1024;
    private static final int INITIAL_LINE = 1024;
    /** Give back a line buffer that grew past this, so one big line does not pin memory. */
    private static final int KEEP_LINE = 64 * 1024;

    private final InputStream in;
    private final int limit;
    private final byte[] chunk;
    private int pos;
    private int end;

    private byte[] line = new byte[INITIAL_LINE];
    private int length;
    private boolean discarding;
    private long discarded;

    LineReader(InputStream in, int limit) {
        this(in, limit, DEFAULT_CHUNK);
    }

    LineReader(InputStream in, int limit, int chunkSize) {
        if (limit < 1 || limit > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("limit out of range: " + limit);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize < 1: " + chunkSize);
        }
        this.in = in;
        this.limit = limit;
        this.chunk = new byte[chunkSize];
    }

    /** The next line, or null at end of stream. */
    Line next() throws IOException {
        while (true) {
            if (pos == end) {
                int n = in.read(chunk, 0, chunk.length);
                if (n < 0) {
                    return atEndOfStream();
                }
                pos = 0;
                end = n;
                continue;
            }
            int newline = indexOfNewline();
            int stop = newline >= 0 ? newline : end;
            take(stop - pos);
            pos = newline >= 0 ? newline + 1 : end;
            if (newline >= 0) {
                Line result = finishLine();
                if (result != null) {
                    return result;
                }
            }
        }
    }

    /** True when bytes past the last line returned were already read: the peer sent more. */
    boolean hasBuffered() {
        return pos < end;
    }

    /** Bytes currently reserved for a partial line; for tests of the memory bound. */
    int lineCapacity() {
        return line.length;
    }

    private Line atEndOfStream() {
        pos = end = 0;
        if (discarding || length > 0) {
            return finishLine();
        }
        return null;
    }

    private int indexOfNewline() {
        for (int i = pos; i < end; i++) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Appends {@code count} bytes from the chunk, or counts them once the line is too long. */
    private void take(int count) {
        if (discarding) {
            discarded += count;
            return;
        }
        // limit + 1 leaves room for a '\r' that will be stripped.
        if ((long) length + count > (long) limit + 1) {
            discarding = true;
            discarded = (long) length + count;
            length = 0;
            return;
        }
        if (length + count > line.length) {
            int wanted = Math.max(length + count, line.length * 2);
            line = Arrays.copyOf(line, Math.min(wanted, limit + 1));
        }
        System.arraycopy(chunk, pos, line, length, count);
        length += count;
    }

    /** The line ended (newline or end of stream): its result, or null when it was blank. */
    private Line finishLine() {
        if (discarding) {
            discarding = false;
            Oversize oversize = new Oversize(discarded);
            discarded = 0;
            return oversize;
        }
        int size = length;
        if (size > 0 && line[size - 1] == '\r') {
            size--;
        }
        length = 0;
        Line result;
        if (size > limit) {
            result = new Oversize(size);
        } else if (isBlank(line, size)) {
            result = null;
        } else {
            result = new Data(Arrays.copyOf(line, size));
        }
        if (line.length > KEEP_LINE) {
            line = new byte[INITIAL_LINE];
        }
        return result;
    }

    /** JSON whitespace only (RFC 8259, section 2). */
    private static boolean isBlank(byte[] bytes, int size) {
        for (int i = 0; i < size; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
