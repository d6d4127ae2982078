package wire.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wire.protocol.Json;
import wire.protocol.Notification;
import wire.protocol.Request;
import wire.protocol.Response;
import wire.protocol.RpcException;

class RpcClientTest {
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

    @Test
    void missingSocketIsReportedAsMissing() {
        Path socket = dir.resolve("nothing.sock");
        DaemonUnreachableException e = assertThrows(DaemonUnreachableException.class, () -> RpcClient.connect(socket));
        assertEquals(DaemonUnreachableException.Reason.MISSING, e.reason());
        assertTrue(e.getMessage().contains(socket.toString()), e.getMessage());
    }

    @Test
    void staleSocketIsReportedAsRefusing() throws IOException {
        Path socket = dir.resolve("stale.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(socket));
        dead.close();
        DaemonUnreachableException e = assertThrows(DaemonUnreachableException.class, () -> RpcClient.connect(socket));
        assertEquals(DaemonUnreachableException.Reason.REFUSED, e.reason());
        assertTrue(e.getMessage().contains("stale"), e.getMessage());
    }

    @Test
    void callReturnsTheResultAndThrowsTheErrorReply() throws Exception {
        RpcClient client = fixture.client();
        assertEquals(IntNode.valueOf(19), client.call("subtract", Map.of("minuend", 42, "subtrahend", 23)));
        RpcException e = assertThrows(RpcException.class, () -> client.call("bad_params", Map.of()));
        assertEquals(-32602, e.code());
        assertEquals("session", e.data().path("field").asText());
        assertEquals(-32601, assertThrows(RpcException.class, () -> client.call("nope", null)).code());
        Response whole = client.request("nope", null);
        assertTrue(whole.isError());
    }

    @Test
    void sendPipelinesAndRepliesCompleteInOrder() throws Exception {
        RpcClient client = fixture.client();
        List<CompletableFuture<Response>> replies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            replies.add(client.send("echo", Map.of("n", i)));
        }
        for (int i = 0; i < 200; i++) {
            assertEquals(i, replies.get(i).get().result().path("n").asInt());
        }
        assertEquals(TestServer.json("{\"after\":1}"), client.call("echo", Map.of("after", 1)), "sync call after async");
    }

    @Test
    void batchReturnsRepliesInRequestOrder() throws Exception {
        RpcClient client = fixture.client();
        List<Response> replies = client.batch(List.of(
                new Request(TextNode.valueOf("a"), "sum", Json.mapper().valueToTree(Map.of("values", List.of(1, 2, 4)))),
                new Notification("notify_hello", Json.mapper().valueToTree(Map.of("value", 7))),
                new Request(TextNode.valueOf("b"), "nope", null),
                new Request(TextNode.valueOf("c"), "get_data", null)));
        assertEquals(3, replies.size());
        assertEquals(7, replies.get(0).result().asInt());
        assertEquals(-32601, replies.get(1).error().code());
        assertEquals(TestServer.json("[\"hello\",5]"), replies.get(2).result());
        assertEquals(List.of(), client.batch(List.of(new Notification("update", null))), "notifications only: no reply");
        assertEquals(TestServer.json("{\"after\":true}"), client.call("echo", Map.of("after", true)));
    }

    @Test
    void paramsThatAreNotAnObjectOrArrayAreRefusedBeforeSending() throws Exception {
        RpcClient client = fixture.client();
        assertThrows(IllegalArgumentException.class, () -> client.call("echo", 1));
        assertThrows(IllegalArgumentException.class, () -> client.call("echo", "text"));
        assertEquals(TestServer.json("{}"), client.call("echo", Map.of()));
        assertEquals(List.of("echo"), fixture.handler.calls.stream().map(Call::method).toList());
    }

    @Test
    void streamDeliversNotificationsUntilTheEnd() throws Exception {
        RpcClient client = fixture.client();
        try (NotificationStream stream = client.stream("stream", Map.of("count", 3, "subscription", "abc"))) {
            assertEquals("abc", stream.result().path("subscription").asText());
            for (int i = 0; i < 3; i++) {
                Notification tick = stream.next(Duration.ofSeconds(10));
                assertEquals("tick", tick.method());
                assertEquals(i, tick.params().path("n").asInt());
            }
            assertEquals("subscription_end", stream.next().method());
            assertTrue(stream.isEnded());
            assertNull(stream.next());
        }
        assertEquals(TestServer.json("{\"x\":1}"), client.call("echo", Map.of("x", 1)));
    }

    @Test
    void twoStreamsOnOneConnectionEachGetTheirOwn() throws Exception {
        RpcClient client = fixture.client();
        NotificationStream first = client.stream("stream", Map.of("count", 2, "subscription", "one"));
        NotificationStream second = client.stream("stream", Map.of("count", 1, "subscription", "two"));
        List<String> firstMethods = new ArrayList<>();
        for (Notification n; (n = first.next()) != null; ) {
            assertEquals("one", n.params().path("subscription").asText());
            firstMethods.add(n.method());
        }
        assertEquals(List.of("tick", "tick", "subscription_end"), firstMethods);
        assertEquals("tick", second.next().method());
        assertEquals("subscription_end", second.next().method());
    }

    @Test
    void refusedStreamThrowsTheError() throws IOException {
        RpcClient client = fixture.client();
        assertEquals(-32601, assertThrows(RpcException.class, () -> client.stream("nope", null)).code());
    }

    @Test
    void callWithTimeoutGivesUpAndTheClientStaysUsable() throws Exception {
        RpcClient client = fixture.client();
        assertThrows(SocketTimeoutException.class, () -> client.call("block", null, Duration.ofMillis(100)));
        fixture.handler.release.countDown();
        assertEquals(TestServer.json("{\"y\":2}"), client.call("echo", Map.of("y", 2), Duration.ofSeconds(10)));
    }

    @Test
    void oneClientSharedByManyThreadsMatchesEveryReply() throws Exception {
        RpcClient client = fixture.client();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        JsonNode echoed = client.call("echo", Map.of("t", thread, "i", i));
                        assertEquals(thread, echoed.path("t").asInt());
                        assertEquals(i, echoed.path("i").asInt());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    @Test
    void serverGoingAwayFailsCallsInFlightAndEndsStreams() throws Exception {
        RpcClient client = fixture.client();
        NotificationStream stream = client.stream("stream", Map.of("count", 0, "subscription", "never"));
        assertEquals("subscription_end", stream.next().method());
        NotificationStream open = client.stream("hold", null);
        CompletableFuture<Response> blocked = client.send("block", null);
        fixture.server.close();
        assertInstanceOf(IOException.class, assertThrows(ExecutionException.class, blocked::get).getCause());
        Awaits.await().until(open::isEnded);
        assertThrows(IOException.class, () -> client.call("echo", null));
        fixture.handler.release.countDown();
    }

    @Test
    void rawReadsAreRefusedOnceTheReaderThreadRoutesReplies() throws Exception {
        RpcClient client = fixture.client();
        client.send("echo", null).get();
        assertThrows(IllegalStateException.class, client::readRawLine);
    }
}
