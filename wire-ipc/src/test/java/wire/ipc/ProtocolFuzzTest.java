package wire.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import wire.protocol.ErrorCode;
import wire.protocol.Message;
import wire.protocol.Methods;
import wire.protocol.Params;
import wire.protocol.Response;
import wire.protocol.RpcException;

/**
 * Coverage-guided fuzzing of everything a client's bytes reach before a method runs: the NDJSON
 * framing ({@link LineReader}), the JSON-RPC envelope ({@link JsonRpcCodec}, {@link Dispatcher})
 * and the params of every method of PROTOCOL.md ({@link Params#decode}, {@link Params#requireNone}).
 *
 * <p>The first two bytes of an input choose the line limit and the read chunk size, so splits
 * at every position and oversize lines are reached with small inputs; the rest is the stream.
 * For any input: no exception escapes, every line ends in a reply that is a well-formed JSON-RPC
 * response (or nothing, for notifications), no reply is {@code -32603} (an exception inside
 * decoding would be), and the reader never holds more than its limit.
 *
 * <p>Regression mode (plain {@code mvn test}) replays the corpus in
 * {@code src/test/resources/wire/ipc/ProtocolFuzzTestInputs/fuzz/}. The build's {@code fuzz}
 * execution fuzzes for {@code -Dwire.fuzz.seconds} (default 10); see docs/reliability.md for the
 * long run.
 */
class ProtocolFuzzTest {

    private static final Dispatcher DISPATCHER = new Dispatcher(ProtocolFuzzTest::decodeParams, 1 << 20, new FailOnError());

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
        Dispatcher dispatcher = new Dispatcher(ProtocolFuzzTest::decodeParams, limit, new FailOnError());
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
            check(dispatcher.dispatch(line, FuzzConnection.INSTANCE));
        }
        // The same bytes as one whole line, through the full 1 MiB limit.
        if (stream.length > 0) {
            check(DISPATCHER.dispatch(new LineReader.Data(stream), FuzzConnection.INSTANCE));
        }
    }

    private static void check(Dispatcher.Reply reply) throws IOException {
        assertNotNull(reply);
        if (reply.line() == null) {
            return;
        }
        byte[] bytes = reply.line();
        assertEquals('\n', bytes[bytes.length - 1], "a reply ends with a newline");
        for (int i = 0; i < bytes.length - 1; i++) {
            assertFalse(bytes[i] == '\n', "a raw newline inside a reply");
        }
        List<Message> messages = JsonRpcCodec.decodeIncoming(Arrays.copyOf(bytes, bytes.length - 1));
        assertFalse(messages.isEmpty(), "an empty batch reply");
        for (Message message : messages) {
            Response response = (Response) message;
            if (response.isError()) {
                int code = response.error().code();
                assertTrue(ErrorCode.fromCode(code).isPresent(), "unknown error code " + code);
                assertFalse(code == ErrorCode.INTERNAL_ERROR.code(), "decoding raised an exception: " + response);
            }
        }
    }

    /** The daemon's params handling without the daemon: decode, and re-encode what decoded. */
    private static Object decodeParams(Call call) throws RpcException {
        Methods.MethodInfo info = Methods.find(call.method())
                .orElseThrow(() -> new RpcException(ErrorCode.METHOD_NOT_FOUND, "Method not found", null));
        if (!info.takesParams()) {
            Params.requireNone(call.params());
            return null;
        }
        Record decoded = Params.decode(call.params(), info.params());
        JsonNode encoded = Params.encode(decoded);
        Record again = Params.decode(encoded, info.params());
        if (!decoded.equals(again)) {
            throw new AssertionError("params do not survive encode/decode: " + decoded + " vs " + again);
        }
        return encoded;
    }

    /** The dispatcher logs an exception it caught at ERROR: for the fuzzer, that is a finding. */
    private static final class FailOnError extends AbstractLogger {
        private static final long serialVersionUID = 1L;

        FailOnError() {
            this.name = "fuzz";
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable throwable) {
            if (level == Level.ERROR) {
                AssertionError error = new AssertionError("logged at ERROR: " + pattern);
                if (throwable != null) {
                    error.initCause(throwable);
                }
                throw error;
            }
        }

        @Override
        public boolean isTraceEnabled() { return false; }
        @Override
        public boolean isTraceEnabled(Marker marker) { return false; }
        @Override
        public boolean isDebugEnabled() { return false; }
        @Override
        public boolean isDebugEnabled(Marker marker) { return false; }
        @Override
        public boolean isInfoEnabled() { return true; }
        @Override
        public boolean isInfoEnabled(Marker marker) { return true; }
        @Override
        public boolean isWarnEnabled() { return true; }
        @Override
        public boolean isWarnEnabled(Marker marker) { return true; }
        @Override
        public boolean isErrorEnabled() { return true; }
        @Override
        public boolean isErrorEnabled(Marker marker) { return true; }
    }

    private enum FuzzConnection implements ConnectionContext {
        INSTANCE;

        @Override
        public long id() {
            return 0;
        }

        @Override
        public long peerPid() {
            return -1;
        }

        @Override
        public void onClose(Runnable action) {}
    }
}
