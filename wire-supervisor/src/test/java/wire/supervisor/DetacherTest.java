package wire.supervisor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The detaching start's probe reads {@code result.pid} of a {@code version} reply, and nothing else. */
class DetacherTest {
    private static OptionalLong pid(String reply) throws IOException {
        return Detacher.resultPid(reply.getBytes(UTF_8));
    }

    @Test
    void thePidOfAVersionReplyWhereverItStands() throws IOException {
        assertEquals(OptionalLong.of(4242), pid(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"version\":\"0.1.0\",\"pid\":4242,\"socket\":\"/s\"}}"));
        assertEquals(OptionalLong.of(7), pid(
                "{\"result\":{\"features\":[{\"pid\":1}],\"nested\":{\"pid\":2},\"pid\":7},\"id\":1,\"jsonrpc\":\"2.0\"}"));
    }

    @Test
    void anErrorReplyOrAnotherShapeHasNoPid() throws IOException {
        assertEquals(OptionalLong.empty(), pid(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"Method not found\",\"data\":{\"pid\":3}}}"));
        assertEquals(OptionalLong.empty(), pid("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"pid\":\"12\"}}"));
        assertEquals(OptionalLong.empty(), pid("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":12}"));
        assertEquals(OptionalLong.empty(), pid("[{\"result\":{\"pid\":12}}]"));
        assertEquals(OptionalLong.empty(), pid("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
    }

    @Test
    void brokenJsonIsAnIOExceptionTheProbeTreatsAsNoAnswer() {
        assertThrows(IOException.class, () -> pid("{\"result\":{\"pid\":"));
    }
}
