package wire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class ResponseTest {
    @Test
    void responseCarriesExactlyOneOfResultAndError() {
        assertThrows(IllegalArgumentException.class, () -> new Response(IntNode.valueOf(1), null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Response(IntNode.valueOf(1), TextNode.valueOf("x"), new RpcError(1, "m", null)));
    }

    @Test
    void successWithJavaNullResultBecomesJsonNull() {
        Response r = Response.success(IntNode.valueOf(7), null);
        assertTrue(r.result().isNull());
        assertEquals(7, r.id().intValue());
    }

    @Test
    void everyErrorCodeMapsBackFromItsNumber() {
        for (ErrorCode c : ErrorCode.values()) {
            assertEquals(c, ErrorCode.fromCode(c.code()).orElseThrow());
        }
        assertTrue(ErrorCode.fromCode(12345).isEmpty());
    }
}
