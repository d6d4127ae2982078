package wire.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example of the JSON-RPC 2.0 specification's "Examples" section
 * (https://www.jsonrpc.org/specification#examples), end to end over the socket, comparing the
 * parsed reply with the specification's. wire takes named params only, so the by-position
 * examples are sent twice: as written (refused with -32602, or silently for notifications) and
 * with the same values by name (answered as the specification shows). "Nothing returned" is
 * checked by a marker request sent right after: its reply must be the next line.
 */
class JsonRpcSpecExamplesTest {
    @TempDir
    Path dir;

    private TestServer fixture;
    private RpcClient client;

    @BeforeEach
    void start() throws IOException {
        fixture = new TestServer(dir);
        client = fixture.client();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void exchange(String request, String expectedReply) throws IOException {
        TestServer.send(client, request);
        assertEquals(TestServer.json(expectedReply), TestServer.readJson(client), request);
    }

    private void nothingReturned(String request) throws IOException {
        TestServer.send(client, request);
        exchange("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"marker\":1},\"id\":\"marker\"}",
                "{\"jsonrpc\":\"2.0\",\"result\":{\"marker\":1},\"id\":\"marker\"}");
    }

    @Test
    void rpcCallWithPositionalParametersIsRefusedByName() throws IOException {
        TestServer.send(client, "{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": [42, 23], \"id\": 1}");
        var reply = TestServer.readJson(client);
        assertEquals(-32602, reply.path("error").path("code").asInt());
        assertEquals("params", reply.path("error").path("data").path("field").asText());
        assertEquals(1, reply.path("id").asInt());
        assertEquals(List.of(), fixture.handler.calls, "refused before the handler");
    }

    @Test
    void rpcCallWithPositionalParametersSentByName() throws IOException {
        exchange("{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": {\"minuend\": 42, \"subtrahend\": 23}, \"id\": 1}",
                "{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 1}");
        exchange("{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": {\"minuend\": 23, \"subtrahend\": 42}, \"id\": 2}",
                "{\"jsonrpc\": \"2.0\", \"result\": -19, \"id\": 2}");
    }

    @Test
    void rpcCallWithNamedParameters() throws IOException {
        exchange("{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": {\"subtrahend\": 23, \"minuend\": 42}, \"id\": 3}",
                "{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 3}");
        exchange("{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": {\"minuend\": 42, \"subtrahend\": 23}, \"id\": 4}",
                "{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 4}");
    }

    @Test
    void aNotification() throws IOException {
        nothingReturned("{\"jsonrpc\": \"2.0\", \"method\": \"update\", \"params\": [1,2,3,4,5]}");
        nothingReturned("{\"jsonrpc\": \"2.0\", \"method\": \"update\", \"params\": {\"values\": [1,2,3,4,5]}}");
        nothingReturned("{\"jsonrpc\": \"2.0\", \"method\": \"foobar\"}");
        List<String> seen = fixture.handler.calls.stream().map(Call::method).toList();
        assertEquals(List.of("update", "echo", "foobar", "echo"), seen.subList(1, seen.size()));
        assertEquals(true, fixture.handler.calls.get(1).notification());
    }

    @Test
    void rpcCallOfNonExistentMethod() throws IOException {
        exchange("{\"jsonrpc\": \"2.0\", \"method\": \"foobar\", \"id\": \"1\"}",
                "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32601, \"message\": \"Method not found\"}, \"id\": \"1\"}");
    }

    @Test
    void rpcCallWithInvalidJson() throws IOException {
        exchange("{\"jsonrpc\": \"2.0\", \"method\": \"foobar, \"params\": \"bar\", \"baz]",
                "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32700, \"message\": \"Parse error\"}, \"id\": null}");
    }

    @Test
    void rpcCallWithInvalidRequestObject() throws IOException {
        exchange("{\"jsonrpc\": \"2.0\", \"method\": 1, \"params\": \"bar\"}",
                "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}");
    }

    @Test
    void rpcCallBatchWithInvalidJson() throws IOException {
        exchange("[ {\"jsonrpc\": \"2.0\", \"method\": \"sum\", \"params\": [1,2,4], \"id\": \"1\"}, {\"jsonrpc\": \"2.0\", \"method\" ]",
                "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32700, \"message\": \"Parse error\"}, \"id\": null}");
    }

    @Test
    void rpcCallWithAnEmptyArray() throws IOException {
        exchange("[]", "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}");
    }

    @Test
    void rpcCallWithAnInvalidBatchButNotEmpty() throws IOException {
        exchange("[1]", "[{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}]");
    }

    @Test
    void rpcCallWithInvalidBatch() throws IOException {
        exchange("[1,2,3]", """
                [
                  {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},
                  {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},
                  {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}
                ]""");
    }

    @Test
    void rpcCallBatch() throws IOException {
        exchange("""
                [{"jsonrpc": "2.0", "method": "sum", "params": {"values": [1,2,4]}, "id": "1"},\
                 {"jsonrpc": "2.0", "method": "notify_hello", "params": {"value": 7}},\
                 {"jsonrpc": "2.0", "method": "subtract", "params": {"minuend": 42, "subtrahend": 23}, "id": "2"},\
                 {"foo": "boo"},\
                 {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},\
                 {"jsonrpc": "2.0", "method": "get_data", "id": "9"}]""", """
                [
                  {"jsonrpc": "2.0", "result": 7, "id": "1"},
                  {"jsonrpc": "2.0", "result": 19, "id": "2"},
                  {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},
                  {"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found"}, "id": "5"},
                  {"jsonrpc": "2.0", "result": ["hello", 5], "id": "9"}
                ]""");
        assertEquals(List.of("sum", "notify_hello", "subtract", "foo.get", "get_data"),
                fixture.handler.calls.stream().map(Call::method).toList());
    }

    @Test
    void rpcCallBatchWithPositionalParamsAnswersEachElement() throws IOException {
        TestServer.send(client, """
                [{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},\
                 {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},\
                 {"jsonrpc": "2.0", "method": "get_data", "id": "9"}]""");
        var reply = TestServer.readJson(client);
        assertEquals(2, reply.size());
        assertEquals(-32602, reply.get(0).path("error").path("code").asInt());
        assertEquals("1", reply.get(0).path("id").asText());
        assertEquals(TestServer.json("{\"jsonrpc\": \"2.0\", \"result\": [\"hello\", 5], \"id\": \"9\"}"), reply.get(1));
    }

    @Test
    void rpcCallBatchAllNotifications() throws IOException {
        nothingReturned("[{\"jsonrpc\": \"2.0\", \"method\": \"notify_sum\", \"params\": [1,2,4]},"
                + " {\"jsonrpc\": \"2.0\", \"method\": \"notify_hello\", \"params\": [7]}]");
        nothingReturned("[{\"jsonrpc\": \"2.0\", \"method\": \"notify_sum\", \"params\": {\"values\": [1,2,4]}},"
                + " {\"jsonrpc\": \"2.0\", \"method\": \"notify_hello\", \"params\": {\"value\": 7}}]");
    }
}
