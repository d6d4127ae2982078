package wire.ipc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the whole way a client's bytes take before a method runs, as the
 * server wires it: the NDJSON framing ({@link LineReader}) feeding the JSON-RPC envelope
 * ({@link Dispatcher}, {@link JsonRpcCodec}) feeding every method's params ({@link CheckedParams}).
 * Each layer also has a target of its own, which reaches deeper into it: {@link LineReaderFuzzTest},
 * {@link JsonRpcCodecFuzzTest}, {@link ParamsFuzzTest}; this one finds what only their
 * combination does.
 *
 * <p>The first two bytes of an input choose the line limit and the read chunk size, so splits
 * at every position and oversize lines are reached with small inputs; the rest is the stream.
 * For any input: no exception escapes, every line ends in a reply that is a well-formed JSON-RPC
 * response (or nothing, for notifications), no reply is {@code -32603} (an exception inside
 * decoding would be), and the reader never holds more than its limit.
 *
 * <p>Regression mode (plain {@code mvn test}) replays the corpus in
 * {@code src/test/resources/wire/ipc/ProtocolFuzzTestInputs/anyBytesGetAWellFormedReplyOrNone/}. The
 * build's {@code fuzz} execution fuzzes each target for {@code -Dwire.fuzz.seconds}; see
 * docs/reliability.md for the long run.
 */
class ProtocolFuzzTest {

    private static final MethodHandler PARAMS = call -> CheckedParams.decode(call.method(), call.params());
    private static final Dispatcher DISPATCHER = new Dispatcher(PARAMS, 1 << 20, new FailOnErrorLogger());

    @FuzzTest
    void anyBytesGetAWellFormedReplyOrNone(byte[] input) throws IOException {
        if (input.length < 2) {
            return;
        }
        int limit = 16 + (input[0] & 0xff) * 8;
        int chunk = 1 + (input[1] & 0x3f);
        byte[] stream = Arrays.copyOfRange(input, 2, input.length);
        long newlines = 0;
        for (byte b : stream) {
            if (b == '\n') {
                newlines++;
            }
        }
        Dispatcher dispatcher = new Dispatcher(PARAMS, limit, new FailOnErrorLogger());
        LineReader reader = new LineReader(new ByteArrayInputStream(stream), limit, chunk);
        long lines = 0;
        LineReader.Line line;
        while ((line = reader.next()) != null) {
            lines++;
            assertTrue(lines <= newlines + 1, "more lines than the stream holds: a loop");
            // The buffer starts at 1 KiB and never grows past limit + 1 (room for a '\r').
            assertTrue(reader.lineCapacity() <= Math.max(1024, limit + 1),
                    "buffer " + reader.lineCapacity() + " over limit " + limit);
            if (line instanceof LineReader.Data data) {
                assertTrue(data.bytes().length <= limit, "a data line over the limit");
                for (byte b : data.bytes()) {
                    assertFalse(b == '\n', "a newline inside a line");
                }
            }
            Replies.wellFormed(dispatcher.dispatch(line, FuzzConnection.INSTANCE));
        }
        // The same bytes as one whole line, through the full 1 MiB limit.
        if (stream.length > 0) {
            Replies.wellFormed(DISPATCHER.dispatch(new LineReader.Data(stream), FuzzConnection.INSTANCE));
        }
    }
}
