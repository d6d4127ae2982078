package wire.ipc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    private static final int LIMIT = 1_048_576;

    /** Hands out at most one byte per read call, like a socket under the worst split. */
    private static final class OneByteAtATime extends InputStream {
        private final byte[] data;
        private int pos;

        OneByteAtATime(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            b[off] = data[pos++];
            return 1;
        }
    }

    /** {@code length} bytes of 'x', then the tail, without ever allocating the whole thing. */
    private static final class HugeLine extends InputStream {
        private final long length;
        private final byte[] tail;
        private long pos;
        int reads;
        Runnable onRead = () -> {};

        HugeLine(long length, byte[] tail) {
            this.length = length;
            this.tail = tail;
        }

        @Override
        public int read() {
            throw new AssertionError("LineReader must read in chunks");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reads++;
            onRead.run();
            if (pos >= length + tail.length) {
                return -1;
            }
            int n = 0;
            while (n < len && pos < length + tail.length) {
                b[off + n++] = pos < length ? (byte) 'x' : tail[(int) (pos - length)];
                pos++;
            }
            return n;
        }
    }

    private static List<Object> readAll(InputStream in, int limit) throws IOException {
        LineReader reader = new LineReader(in, limit);
        List<Object> out = new ArrayList<>();
        LineReader.Line line;
        while ((line = reader.next()) != null) {
            out.add(switch (line) {
                case LineReader.Data d -> new String(d.bytes(), UTF_8);
                case LineReader.Oversize o -> o;
            });
        }
        return out;
    }

    private static List<Object> readAll(String text) throws IOException {
        return readAll(new ByteArrayInputStream(text.getBytes(UTF_8)), LIMIT);
    }

    @Test
    void linesComeWithoutTheirNewline() throws IOException {
        assertEquals(List.of("{\"a\":1}", "[2]"), readAll("{\"a\":1}\n[2]\n"));
    }

    @Test
    void carriageReturnBeforeNewlineIsDropped() throws IOException {
        assertEquals(List.of("one", "two"), readAll("one\r\ntwo\r\n"));
    }

    @Test
    void blankAndWhitespaceOnlyLinesAreSkipped() throws IOException {
        assertEquals(List.of("a", "b"), readAll("\n\r\n \t \na\n\n\r\n  \r\nb\n\n"));
    }

    @Test
    void lastLineWithoutNewlineIsStillDelivered() throws IOException {
        assertEquals(List.of("a", "tail"), readAll("a\ntail"));
        assertEquals(List.of("a", "tail"), readAll("a\ntail\r"));
    }

    @Test
    void emptyStreamHasNoLines() throws IOException {
        assertEquals(List.of(), readAll(""));
        assertEquals(List.of(), readAll("\n\n  "));
    }

    @Test
    void splitReadsOfOneByteGiveTheSameLines() throws IOException {
        String text = "{\"jsonrpc\":\"2.0\"}\r\n\n  \n[1,2,3]\nlast";
        assertEquals(readAll(text), readAll(new OneByteAtATime(text.getBytes(UTF_8)), LIMIT));
        assertEquals(List.of("{\"jsonrpc\":\"2.0\"}", "[1,2,3]", "last"),
                readAll(new OneByteAtATime(text.getBytes(UTF_8)), LIMIT));
    }

    @Test
    void lineOfExactlyTheLimitIsDelivered() throws IOException {
        List<Object> lines = readAll(new HugeLine(LIMIT, "\n".getBytes(UTF_8)), LIMIT);
        assertEquals(1, lines.size());
        assertEquals("x".repeat(LIMIT), lines.get(0));
    }

    @Test
    void lineOfExactlyTheLimitEndedByCrLfIsDelivered() throws IOException {
        List<Object> lines = readAll(new HugeLine(LIMIT, "\r\n".getBytes(UTF_8)), LIMIT);
        assertEquals(1, lines.size());
        assertEquals(LIMIT, ((String) lines.get(0)).length());
    }

    @Test
    void lineOfLimitPlusOneIsOversize() throws IOException {
        List<Object> lines = readAll(new HugeLine(LIMIT + 1, "\n".getBytes(UTF_8)), LIMIT);
        assertEquals(List.of(new LineReader.Oversize(LIMIT + 1)), lines);
    }

    @Test
    void oversizeLineIsReportedOnceAndTheNextLineIsIntact() throws IOException {
        HugeLine in = new HugeLine(2L * LIMIT, "\n{\"ok\":true}\n".getBytes(UTF_8));
        assertEquals(List.of(new LineReader.Oversize(2L * LIMIT), "{\"ok\":true}"), readAll(in, LIMIT));
    }

    @Test
    void oversizeLineAtEndOfStreamWithoutNewlineIsReported() throws IOException {
        assertEquals(List.of(new LineReader.Oversize(LIMIT + 10)), readAll(new HugeLine(LIMIT + 10, new byte[0]), LIMIT));
    }

    @Test
    void smallLimitSplitReadsStillDiscardExactly() throws IOException {
        byte[] data = "12345\n123456\n1234567\nok\n".getBytes(UTF_8);
        List<Object> lines = readAll(new OneByteAtATime(data), 6);
        assertEquals(List.of("12345", "123456", new LineReader.Oversize(7), "ok"), lines);
    }

    @Test
    void hugeLineIsNeverHeldWholeAndIsReadInChunks() throws IOException {
        long length = 64L * 1024 * 1024;
        HugeLine in = new HugeLine(length, "\n[1]\n".getBytes(UTF_8));
        LineReader reader = new LineReader(in, LIMIT);
        int[] maxCapacity = {0};
        in.onRead = () -> maxCapacity[0] = Math.max(maxCapacity[0], reader.lineCapacity());
        assertInstanceOf(LineReader.Oversize.class, reader.next());
        LineReader.Data next = assertInstanceOf(LineReader.Data.class, reader.next());
        assertEquals("[1]", new String(next.bytes(), UTF_8));
        assertNull(reader.next());
        assertTrue(maxCapacity[0] <= LIMIT + 1, "buffered " + maxCapacity[0]);
        // 64 MiB in 16 KiB chunks, give or take the last partial ones.
        assertTrue(in.reads < length / 8192, "read calls: " + in.reads);
    }

    @Test
    void invalidUtf8IsPassedThroughAsBytes() throws IOException {
        byte[] data = {'[', (byte) 0xC3, (byte) 0x28, ']', '\n'};
        LineReader.Data line = assertInstanceOf(LineReader.Data.class, new LineReader(new ByteArrayInputStream(data), LIMIT).next());
        assertArrayEquals(Arrays.copyOf(data, 4), line.bytes());
    }
}
