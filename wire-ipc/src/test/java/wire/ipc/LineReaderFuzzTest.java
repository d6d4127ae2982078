package wire.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of the NDJSON framing alone ({@link LineReader}): whatever the bytes,
 * the line limit, the reader's chunk size and how the socket splits its reads, the lines that
 * come out are exactly those of the whole stream cut at each {@code \n} (one trailing {@code \r}
 * dropped, blank lines skipped, a line over the limit replaced by its length), and the reader
 * never holds more than the limit.
 *
 * <p>The first three bytes of an input choose the limit (1 to 256, so oversize lines are common),
 * the chunk size (1 to 64) and the largest read the stream returns at once (1 to 64, varying from
 * read to read); the rest is the stream. Seeds: {@code LineReaderFuzzTestInputs/}.
 */
class LineReaderFuzzTest {

    @FuzzTest
    void anyStreamIsCutIntoExactlyItsLinesWithinTheLimit(byte[] input) throws IOException {
        if (input.length < 3) {
            return;
        }
        int limit = 1 + (input[0] & 0xff);
        int chunk = 1 + (input[1] & 0x3f);
        int maxRead = 1 + (input[2] & 0x3f);
        byte[] stream = Arrays.copyOfRange(input, 3, input.length);

        LineReader reader = new LineReader(new ShortReads(stream, maxRead), limit, chunk);
        List<String> lines = new ArrayList<>();
        LineReader.Line line;
        while ((line = reader.next()) != null) {
            lines.add(describe(line));
            assertTrue(lines.size() <= stream.length + 1, "more lines than the stream has bytes: a loop");
            // The buffer starts at 1 KiB and never grows past limit + 1 (room for a '\r').
            assertTrue(reader.lineCapacity() <= Math.max(1024, limit + 1),
                    "buffer " + reader.lineCapacity() + " over limit " + limit);
        }
        assertEquals(expectedLines(stream, limit), lines);
    }

    /** The framing rules of PROTOCOL.md applied to the whole stream at once. */
    private static List<String> expectedLines(byte[] stream, int limit) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= stream.length; i++) {
            boolean end = i == stream.length;
            if (!end && stream[i] != '\n') {
                continue;
            }
            if (end && i == start) {
                break; // nothing after the last newline
            }
            byte[] raw = Arrays.copyOfRange(stream, start, i);
            start = i + 1;
            if (raw.length > limit + 1) {
                out.add("oversize " + raw.length); // never held, so a '\r' is counted too
                continue;
            }
            int size = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
            if (size > limit) {
                out.add("oversize " + size);
            } else if (!blank(raw, size)) {
                out.add("data " + Arrays.toString(Arrays.copyOf(raw, size)));
            }
        }
        return out;
    }

    private static boolean blank(byte[] bytes, int size) {
        for (int i = 0; i < size; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String describe(LineReader.Line line) {
        return switch (line) {
            case LineReader.Data d -> "data " + Arrays.toString(d.bytes());
            case LineReader.Oversize o -> "oversize " + o.length();
        };
    }

    /** A stream that returns at most 1, 2, ... {@code maxRead} bytes per read, round and round, as a socket may. */
    private static final class ShortReads extends InputStream {
        private final ByteArrayInputStream in;
        private final int maxRead;
        private int reads;

        ShortReads(byte[] bytes, int maxRead) {
            this.in = new ByteArrayInputStream(bytes);
            this.maxRead = maxRead;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int most = 1 + reads++ % maxRead;
            return in.read(b, off, Math.min(len, most));
        }
    }
}
