package wire.supervisor.logs;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import wire.protocol.LogNotification;

/**
 * Turns a byte stream into the {@code line} texts of {@code log} notifications: one text per line
 * without its {@code \n}, and a line longer than {@link LogNotification#MAX_LINE_CHARS} characters
 * as several pieces of at most that many, cut between characters, never inside a UTF-8 sequence
 * or a surrogate pair (PROTOCOL.md, Notifications). A non-final piece is as long as it can be:
 * 65,536 characters, or 65,535 when the next character is a surrogate pair. Bytes that are not
 * UTF-8 become U+FFFD. A {@code \r} before the newline is kept: it is the child's output.
 *
 * <p>Bytes may arrive in chunks cut anywhere; memory stays bounded by one piece whatever the line
 * length. The piece buffer starts small and grows only for a long line (and is given back after
 * one): a follower holds one splitter per stream, and at the full 65,536 characters each would
 * cost 128 KiB, so some fifty {@code logs -f} clients would fill the supervisor's 32 MiB heap.
 * Not thread safe: one splitter per reader of one stream.
 */
final class LineSplitter {
    /** Receives the pieces in order; {@code endOfLine} is false for every piece but a line's last. */
    @FunctionalInterface
    interface Sink {
        void piece(String text, boolean endOfLine);
    }

    private final Sink sink;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** Piece buffer to start with, and to go back to after a longer line. */
    private static final int SMALL_CHARS = 512;

    private final ByteBuffer in = ByteBuffer.allocate(8192);
    private final int maxChars;
    private CharBuffer chars;
    /** Some byte of the current line has been seen (so {@link #finish} has a line to end). */
    private boolean inLine;

    LineSplitter(Sink sink) {
        this(sink, LogNotification.MAX_LINE_CHARS);
    }

    /** {@code maxChars} smaller than the protocol's, for tests; at least 2 so a surrogate pair fits. */
    LineSplitter(Sink sink, int maxChars) {
        if (maxChars < 2) {
            throw new IllegalArgumentException("maxChars < 2: " + maxChars);
        }
        this.sink = sink;
        this.maxChars = maxChars;
        this.chars = CharBuffer.allocate(Math.min(SMALL_CHARS, maxChars));
    }

    void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int pos = offset;
        while (pos < end) {
            int newline = indexOfNewline(bytes, pos, end);
            int segmentEnd = newline < 0 ? end : newline;
            if (segmentEnd > pos) {
                inLine = true;
                decode(bytes, pos, segmentEnd);
            }
            if (newline < 0) {
                return;
            }
            endLine();
            pos = newline + 1;
        }
    }

    /** True while bytes of a line without its newline yet are held. */
    boolean inLine() {
        return inLine;
    }

    /** Characters the piece buffer can hold now; for tests of the memory it keeps. */
    int pieceCapacity() {
        return chars.capacity();
    }

    /** Ends a last line that has no newline (the end of a tail), if there is one. */
    void finish() {
        if (inLine) {
            endLine();
        }
    }

    private static int indexOfNewline(byte[] bytes, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void decode(byte[] bytes, int from, int end) {
        int pos = from;
        while (pos < end) {
            int n = Math.min(in.remaining(), end - pos);
            in.put(bytes, pos, n);
            pos += n;
            in.flip();
            decodeBuffered(false);
            in.compact();
        }
    }

    private void decodeBuffered(boolean endOfInput) {
        while (decoder.decode(in, chars, endOfInput).isOverflow()) {
            fullOrGrown();
        }
    }

    /** The piece buffer is full: a whole piece goes out once it holds the most a piece may, else it grows. */
    private void fullOrGrown() {
        if (chars.capacity() >= maxChars) {
            emit(false);
            return;
        }
        CharBuffer bigger = CharBuffer.allocate(Math.min(maxChars, chars.capacity() * 2));
        chars = bigger.put(chars.flip());
    }

    private void endLine() {
        in.flip();
        decodeBuffered(true);
        in.clear();
        CoderResult flushed;
        while ((flushed = decoder.flush(chars)).isOverflow()) {
            fullOrGrown();
        }
        assert flushed.isUnderflow();
        emit(true);
        decoder.reset();
        inLine = false;
        if (chars.capacity() > SMALL_CHARS) {
            chars = CharBuffer.allocate(Math.min(SMALL_CHARS, maxChars));
        }
    }

    private void emit(boolean endOfLine) {
        chars.flip();
        sink.piece(chars.toString(), endOfLine);
        chars.clear();
    }
}
