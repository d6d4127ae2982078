package wire.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import wire.protocol.ErrorCode;
import wire.protocol.Message;
import wire.protocol.Response;

/** What every reply line of the daemon must be, whatever the request was. */
final class Replies {
    private Replies() {}

    /**
     * The responses of {@code reply}, after checking it is one line of JSON-RPC 2.0 responses
     * (none for notifications), each error with a code PROTOCOL.md defines and none {@code -32603}
     * (an exception while decoding would be).
     */
    static List<Response> wellFormed(Dispatcher.Reply reply) throws IOException {
        assertNotNull(reply);
        if (reply.line() == null) {
            return List.of();
        }
        byte[] bytes = reply.line();
        assertEquals('\n', bytes[bytes.length - 1], "a reply ends with a newline");
        for (int i = 0; i < bytes.length - 1; i++) {
            assertFalse(bytes[i] == '\n', "a raw newline inside a reply");
        }
        List<Message> messages = JsonRpcCodec.decodeIncoming(Arrays.copyOf(bytes, bytes.length - 1));
        assertFalse(messages.isEmpty(), "an empty batch reply");
        List<Response> responses = new ArrayList<>(messages.size());
        for (Message message : messages) {
            Response response = (Response) message;
            if (response.isError()) {
                int code = response.error().code();
                assertTrue(ErrorCode.fromCode(code).isPresent(), "unknown error code " + code);
                assertFalse(code == ErrorCode.INTERNAL_ERROR.code(), "decoding raised an exception: " + response);
            }
            responses.add(response);
        }
        return responses;
    }
}
