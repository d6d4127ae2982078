package wire.supervisor.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import wire.protocol.LogNotification;

class LineSplitterTest {
    private final List<String> pieces = new ArrayList<>();
    private final List<Boolean> ends = new ArrayList<>();

    private LineSplitter splitter(int maxChars) {
        return new LineSplitter((text, end) -> {
            pieces.add(text);
            ends.add(end);
        }, maxChars);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void linesComeOutWithoutTheirNewlineAndCarriageReturnsStay() {
        LineSplitter s = splitter(100);
        byte[] b = utf8("one\ntwo\r\n\nthree");
        s.feed(b, 0, b.length);
        assertEquals(List.of("one", "two\r", ""), pieces);
        assertTrue(s.inLine());
        s.finish();
        assertEquals(List.of("one", "two\r", "", "three"), pieces);
    }

    @Test
    void bytesCutAnywhereIncludingInsideAUtf8SequenceGiveTheSameLines() {
        byte[] b = utf8("héllo wörld €uro 😀 end\nsecond ü\n");
        for (int chunk = 1; chunk <= 7; chunk++) {
            pieces.clear();
            LineSplitter s = splitter(1000);
            for (int i = 0; i < b.length; i += chunk) {
                s.feed(b, i, Math.min(chunk, b.length - i));
            }
            assertEquals(List.of("héllo wörld €uro 😀 end", "second ü"), pieces, "chunk " + chunk);
        }
    }

    @Test
    void aLongLineIsCutIntoFullPiecesWhoseConcatenationIsTheLine() {
        LineSplitter s = splitter(4);
        byte[] b = utf8("abcdefghij\nxy\n");
        s.feed(b, 0, b.length);
        assertEquals(List.of("abcd", "efgh", "ij", "xy"), pieces);
        assertEquals(List.of(false, false, true, true), ends);
    }

    @Test
    void aLineOfExactlyTheLimitIsOnePiece() {
        LineSplitter s = splitter(4);
        byte[] b = utf8("abcd\n");
        for (byte x : b) {
            s.feed(new byte[] {x}, 0, 1);
        }
        assertEquals(List.of("abcd"), pieces);
    }

    @Test
    void aSurrogatePairIsNeverSplitBetweenPieces() {
        LineSplitter s = splitter(4);
        byte[] b = utf8("abc😀d\n");
        s.feed(b, 0, b.length);
        assertEquals(List.of("abc", "😀d"), pieces);
    }

    @Test
    void multiByteCharactersAtTheProtocolLimitStayWhole() {
        String line = "é".repeat(LogNotification.MAX_LINE_CHARS + 10);
        LineSplitter s = new LineSplitter((text, end) -> pieces.add(text));
        byte[] b = utf8(line + "\n");
        s.feed(b, 0, b.length);
        assertEquals(2, pieces.size());
        assertEquals(LogNotification.MAX_LINE_CHARS, pieces.get(0).length());
        assertEquals(line, String.join("", pieces));
    }

    /** Every follower holds two splitters: one kept at the full piece size would cost 128 KiB. */
    @Test
    void thePieceBufferGrowsOnlyForALongLineAndShrinksAfterIt() {
        LineSplitter s = new LineSplitter((text, end) -> pieces.add(text));
        int small = s.pieceCapacity();
        byte[] shortLines = utf8("a short line\nanother\n");
        s.feed(shortLines, 0, shortLines.length);
        assertEquals(small, s.pieceCapacity());
        assertTrue(small <= 1024, "starts small: " + small);

        byte[] longLine = utf8("x".repeat(LogNotification.MAX_LINE_CHARS + 1));
        s.feed(longLine, 0, longLine.length);
        assertEquals(LogNotification.MAX_LINE_CHARS, s.pieceCapacity(), "grew to one whole piece");
        s.feed(utf8("\n"), 0, 1);
        assertEquals(small, s.pieceCapacity(), "given back after the line");
        assertEquals(List.of("a short line", "another", "x".repeat(LogNotification.MAX_LINE_CHARS), "x"), pieces);
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        LineSplitter s = splitter(100);
        byte[] b = {'a', (byte) 0xff, 'b', '\n'};
        s.feed(b, 0, b.length);
        assertEquals(List.of("a\uFFFDb"), pieces);
    }

    @Test
    void finishWithoutAPendingLineSendsNothing() {
        LineSplitter s = splitter(100);
        byte[] b = utf8("x\n");
        s.feed(b, 0, b.length);
        s.finish();
        assertEquals(List.of("x"), pieces);
    }
}
