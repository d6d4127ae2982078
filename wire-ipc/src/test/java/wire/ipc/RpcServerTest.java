package wire.ipc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** The server's promises in PROTOCOL.md Framing and JSON-RPC, over a real socket. */
class RpcServerTest {
    private static final int LIMIT = 1_048_576;

    @TempDir
    Path dir;

    private TestServer fixture;

    @BeforeEach
    void start() throws IOException {
        fixture = new TestServer(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static String request(Object id, String method, String params) {
        String idJson = id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
        return "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"method\":\"" + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    @Test
    void oversizeLineIsRefusedWithItsLimitAndTheConnectionStaysUsable() throws IOException {
        RpcClient client = fixture.client();
        byte[] huge = new byte[2 * LIMIT + 1];
        Arrays.fill(huge, (byte) 'x');
        huge[huge.length - 1] = '\n';
        client.sendRaw(huge);
        TestServer.send(client, request(7, "echo", "{\"after\":true}"));
        JsonNode refused = TestServer.readJson(client);
        assertEquals(-32600, refused.path("error").path("code").asInt());
        assertEquals(LIMIT, refused.path("error").path("data").path("limit_bytes").asInt());
        assertTrue(refused.get("id").isNull());
        assertEquals(TestServer.json("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"after\":true}}"), TestServer.readJson(client));
    }

    @Test
    void invalidUtf8IsAParseErrorAndTheConnectionStaysUsable() throws IOException {
        RpcClient client = fixture.client();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.writeBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":{\"s\":\"".getBytes(UTF_8));
        line.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        line.writeBytes("\"}}\n".getBytes(UTF_8));
        client.sendRaw(line.toByteArray());
        TestServer.send(client, request(2, "echo", "{}"));
        assertEquals(TestServer.json("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}"),
                TestServer.readJson(client));
        assertEquals(2, TestServer.readJson(client).path("id").asInt());
    }

    @Test
    void crlfAndBlankLinesAreAccepted() throws IOException {
        RpcClient client = fixture.client();
        client.sendRaw(("\r\n\n   \n" + request(1, "echo", "{\"a\":1}") + "\r\n").getBytes(UTF_8));
        assertEquals(1, TestServer.readJson(client).path("result").path("a").asInt());
    }

    @Test
    void thousandPipelinedRequestsAreAnsweredInOrder() throws IOException {
        RpcClient client = fixture.client();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            all.append(request(i, "echo", "{\"n\":" + i + "}")).append('\n');
        }
        client.sendRaw(all.toString().getBytes(UTF_8));
        for (int i = 0; i < 1000; i++) {
            JsonNode reply = TestServer.readJson(client);
            assertEquals(i, reply.path("id").asInt());
            assertEquals(i, reply.path("result").path("n").asInt());
        }
    }

    @Test
    void twoHundredConcurrentClientsOfTwentyCallsEachAllGetTheirOwnAnswers() throws Exception {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < 200; c++) {
                int clientNo = c;
                results.add(clients.submit(() -> {
                    try (RpcClient client = RpcClient.connect(fixture.socket)) {
                        int ok = 0;
                        for (int i = 0; i < 20; i++) {
                            JsonNode echoed = client.call("echo", Map.of("client", clientNo, "call", i));
                            assertEquals(clientNo, echoed.path("client").asInt());
                            assertEquals(i, echoed.path("call").asInt());
                            ok++;
                        }
                        return ok;
                    }
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(20, result.get());
            }
        }
        Awaits.await().until(() -> fixture.server.connectionCount() == 0);
    }

    @Test
    void theAllClosedListenerRunsOnceTheLastOpenConnectionIsGone() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        fixture.server.onAllClosed(runs::incrementAndGet);
        RpcClient first = fixture.client();
        RpcClient second = fixture.client();
        first.call("echo", Map.of("c", 1));
        second.call("echo", Map.of("c", 2));
        Awaits.await().until(() -> fixture.server.connectionCount() == 2);

        first.close();
        Awaits.await().until(() -> fixture.server.connectionCount() == 1);
        assertEquals(0, runs.get(), "one connection is still open");

        second.close();
        Awaits.await().until(() -> runs.get() == 1);
        assertEquals(2, fixture.server.connectionsAccepted());
    }

    @Test
    void clientThatNeverReadsDoesNotDelayAnother() throws Exception {
        fixture.close();
        fixture = new TestServer(dir, RpcServer.Options.defaults().withOutbound(1 << 20, 512 << 10, 1000));
        RpcClient stuck = fixture.client();
        String payload = "y".repeat(60_000);
        byte[] line = (request(1, "echo", "{\"p\":\"" + payload + "\"}") + "\n").getBytes(UTF_8);
        Thread flooder = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    stuck.sendRaw(line);
                }
            } catch (IOException closedAtTheEnd) {
                // the test closes the client to stop this
            }
        });
        // The stuck client's replies have filled its queue: its reader is now waiting for room.
        Awaits.await().until(() -> fixture.server.connections().stream()
                .anyMatch(c -> c.queuedBytes() > (1 << 20) - 70_000));
        RpcClient other = fixture.client();
        long start = System.nanoTime();
        assertEquals(TestServer.json("{\"ok\":1}"), other.call("echo", Map.of("ok", 1), Duration.ofSeconds(5)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0);
        assertTrue(fixture.server.connections().stream().anyMatch(c -> c.queuedBytes() > (1 << 20) - 70_000),
                "the stuck client is still stuck");
        stuck.close();
        flooder.join(Duration.ofSeconds(10));
    }

    @Test
    void responseAlwaysPrecedesItsStreamsNotifications() throws IOException {
        RpcClient client = fixture.client();
        for (int round = 0; round < 300; round++) {
            String subscription = "s" + round;
            TestServer.send(client, request(round, "stream", "{\"count\":3,\"subscription\":\"" + subscription + "\"}"));
            JsonNode first = TestServer.readJson(client);
            assertEquals(round, first.path("id").asInt(), "reply first, round " + round);
            assertEquals(subscription, first.path("result").path("subscription").asText());
            for (int n = 0; n < 3; n++) {
                JsonNode tick = TestServer.readJson(client);
                assertEquals("tick", tick.path("method").asText());
                assertEquals(n, tick.path("params").path("n").asInt());
            }
            assertEquals("subscription_end", TestServer.readJson(client).path("method").asText());
        }
    }

    @Test
    void aReplyLargerThanTheSocketTakesArrivesWholeAndBeforeTheNextReply() throws IOException {
        RpcClient client = fixture.client();
        String payload = "z".repeat(LIMIT - 100);
        for (int round = 0; round < 3; round++) {
            // Sent alone and not read at once: more than the socket buffers hold.
            TestServer.send(client, request(round, "echo", "{\"p\":\"" + payload + "\"}"));
            TestServer.send(client, request("s" + round, "stream", "{\"count\":2,\"subscription\":\"t\"}"));
            JsonNode big = TestServer.readJson(client);
            assertEquals(round, big.path("id").asInt());
            assertEquals(payload, big.path("result").path("p").asText());
            assertEquals("s" + round, TestServer.readJson(client).path("id").asText());
            assertEquals("tick", TestServer.readJson(client).path("method").asText());
            assertEquals("tick", TestServer.readJson(client).path("method").asText());
            assertEquals("subscription_end", TestServer.readJson(client).path("method").asText());
        }
    }

    @Test
    void notificationsRacingLargeRepliesNeverLandInsideOne() throws Exception {
        RpcClient client = fixture.client();
        TestServer.send(client, request(0, "hold", null));
        assertEquals("held", TestServer.readJson(client).path("result").path("subscription").asText());
        Awaits.await().until(() -> !fixture.handler.sinks.isEmpty()); // the stream starts after its reply
        NotificationSink sink = fixture.handler.sinks.getFirst();
        Thread ticker = Thread.ofVirtual().start(() -> {
            for (int n = 0; sink.isOpen() && !Thread.currentThread().isInterrupted(); n++) {
                sink.offer("tick", Map.of("subscription", "held", "n", n));
                Thread.onSpinWait();
            }
        });
        String payload = "q".repeat(300_000);
        int replies = 0;
        // Requests from their own thread: 20 replies of 300 KB are more than the queue and socket
        // hold, so sending them all before reading would stall this client by design.
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 1; i <= 20; i++) {
                    TestServer.send(client, request(i, "echo", "{\"p\":\"" + payload + "\"}"));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            while (replies < 20) {
                JsonNode line = TestServer.readJson(client); // throws on a line that is not JSON
                if (line.has("id")) {
                    replies++;
                    assertEquals(replies, line.path("id").asInt());
                    assertEquals(payload, line.path("result").path("p").asText());
                } else {
                    assertEquals("tick", line.path("method").asText());
                }
            }
        } finally {
            ticker.interrupt();
            ticker.join(Duration.ofSeconds(10));
            sender.join(Duration.ofSeconds(10));
        }
    }

    @Test
    void streamInsideABatchStartsAfterTheBatchReply() throws IOException {
        RpcClient client = fixture.client();
        TestServer.send(client, "[" + request(1, "stream", "{\"count\":2,\"subscription\":\"b\"}") + ","
                + request(2, "echo", "{}") + "]");
        JsonNode batch = TestServer.readJson(client);
        assertTrue(batch.isArray());
        assertEquals(2, batch.size());
        assertEquals("tick", TestServer.readJson(client).path("method").asText());
    }

    @Test
    void streamCalledAsANotificationDoesNotStart() throws IOException {
        RpcClient client = fixture.client();
        TestServer.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"stream\",\"params\":{\"count\":3}}");
        TestServer.send(client, request("m", "echo", "{}"));
        assertEquals("m", TestServer.readJson(client).path("id").asText());
        assertEquals(List.of(), fixture.handler.sinks);
    }

    @Test
    void notificationOverflowIsRefusedAndMemoryStaysBounded() throws IOException {
        RpcClient client = fixture.client();
        TestServer.send(client, request(1, "flood", "{\"bytes\":1000}"));
        Awaits.await().until(() -> fixture.handler.floodAccepted.get() >= 0);
        long bound = RpcServer.Options.defaults().notificationBytes();
        for (Connection connection : fixture.server.connections()) {
            assertTrue(connection.queuedBytes() <= bound, connection.queuedBytes() + " > " + bound);
        }
        assertTrue(fixture.handler.floodAccepted.get() > 100, "some were accepted first");
        NotificationSink sink = fixture.handler.sinks.getFirst();
        assertTrue(sink.isOpen());
        assertFalse(sink.offer("tick", Map.of("subscription", "flood", "pad", "x".repeat(1000))), "still full");
        assertEquals(1, TestServer.readJson(client).path("id").asInt(), "the reply came before the flood");
        assertEquals("tick", TestServer.readJson(client).path("method").asText());
    }

    @Test
    void internalErrorCarriesNoStackTraceOnTheWireAndIsLogged() throws IOException {
        RpcClient client = fixture.client();
        TestServer.send(client, request(5, "boom", null));
        String line = client.readRawLine();
        assertEquals(TestServer.json("{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32603,\"message\":\"Internal error\"}}"),
                TestServer.json(line));
        assertFalse(line.contains("secret") || line.contains("Exception") || line.contains("at wire."), line);
        List<RecordingLogs.Event> errors = RecordingLogs.events(fixture.loggerName, Level.ERROR);
        assertEquals(1, errors.size());
        assertTrue(errors.getFirst().throwable() instanceof IllegalStateException);
        assertTrue(errors.getFirst().message().contains("boom"), errors.getFirst().message());
    }

    @Test
    void handlerRpcExceptionReachesTheClientAsItIs() throws IOException {
        RpcClient client = fixture.client();
        TestServer.send(client, request(3, "bad_params", "{}"));
        assertEquals(TestServer.json("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32602,"
                + "\"message\":\"session must be a string\",\"data\":{\"field\":\"session\"}}}"), TestServer.readJson(client));
    }

    @Test
    void idIsEchoedExactlyAsItCame() throws IOException {
        RpcClient client = fixture.client();
        for (String id : List.of("\"abc\"", "-1", "1.5", "12345678901234567890", "null")) {
            TestServer.send(client, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"echo\"}");
            assertEquals(TestServer.json(id), TestServer.readJson(client).get("id"));
        }
    }

    @Test
    void closeActionsRunOnceWhenTheClientGoesAway() throws Exception {
        RpcClient client = fixture.client();
        assertEquals("watching", client.call("watch_close", null).asText());
        client.call("stream", Map.of("count", 0));
        // start() runs after the reply is queued, so the client may read the reply first.
        Awaits.await().until(() -> !fixture.handler.sinks.isEmpty());
        NotificationSink sink = fixture.handler.sinks.getFirst();
        assertTrue(sink.isOpen());
        client.close();
        Awaits.await().until(() -> fixture.handler.closeActionsRun.get() == 1);
        assertFalse(sink.isOpen());
        assertFalse(sink.offer("tick", Map.of()));
        assertFalse(sink.offerFinal("subscription_end", Map.of()));
        int[] late = {0};
        sink.connection().onClose(() -> late[0]++);
        assertEquals(1, late[0], "an action added after the close runs at once");
        Awaits.await().until(() -> fixture.server.connectionCount() == 0);
        assertEquals(1, fixture.handler.closeActionsRun.get());
    }

    @Test
    void halfClosedClientStillGetsItsReplies() throws IOException {
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(fixture.socket));
            raw.write(ByteBuffer.wrap((request(1, "sleep", "{\"millis\":50}") + "\n" + request(2, "echo", "{}") + "\n").getBytes(UTF_8)));
            raw.shutdownOutput();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (raw.read(buffer.clear()) >= 0) {
                received.write(buffer.array(), 0, buffer.position());
            }
            String[] lines = received.toString(UTF_8).split("\n");
            assertEquals(2, lines.length, received.toString(UTF_8));
            assertEquals("slept", TestServer.json(lines[0]).path("result").asText());
            assertEquals(2, TestServer.json(lines[1]).path("id").asInt());
        }
    }

    @Test
    void serverCloseEndsConnectionsPromptlyAndRunsTheirCloseActions() throws Exception {
        RpcClient client = fixture.client();
        client.call("watch_close", null);
        RpcClient blocked = fixture.client();
        TestServer.send(blocked, request(1, "block", null));
        Awaits.await().until(() -> fixture.handler.calls.stream().anyMatch(c -> c.method().equals("block")));
        long start = System.nanoTime();
        fixture.server.close();
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0);
        assertFalse(Files.exists(fixture.socket));
        assertNull(client.readRawLine(), "the server hung up");
        assertEquals(1, fixture.handler.closeActionsRun.get());
        fixture.handler.release.countDown();
    }

    @Test
    void connectionContextHasUniqueIdsAndNoPid() throws Exception {
        JsonNode first = fixture.client().call("connection", null);
        JsonNode second = fixture.client().call("connection", null);
        assertTrue(first.path("id").asLong() != second.path("id").asLong());
        assertEquals(-1, first.path("peer_pid").asLong());
    }
}
