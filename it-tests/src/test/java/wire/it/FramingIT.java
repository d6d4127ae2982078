package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static wire.it.ItSupport.reply;
import static wire.it.ItSupport.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import wire.ipc.RpcClient;

/** PROTOCOL.md "Framing", on the real socket: line limits, line endings, ordering, fairness, garbage. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FramingIT {
    private static final int LIMIT = 1_048_576;
    private static final Map<String, String> API = Map.of("session", "api");

    @RegisterExtension
    static final SharedSandbox SHARED = new SharedSandbox();

    private static long daemonPid;
    private final WireSandbox sandbox = SHARED.sandbox();

    @BeforeAll
    static void daemon() {
        ItSupport.quietSession(SHARED.sandbox(), "api");
        daemonPid = SHARED.sandbox().startDaemon().pid();
    }

    @Test
    void lineOverOneMebibyteIsRefusedAndTheSameConnectionStaysUsable() throws Exception {
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send(padded(1, 2 * LIMIT));
            c.send(request(2, "version"));
            JsonNode refused = reply(c);
            assertEquals(-32600, refused.path("error").path("code").asInt(), refused.toString());
            assertEquals(LIMIT, refused.path("error").path("data").path("limit_bytes").asInt());
            assertTrue(refused.get("id").isNull(), refused.toString());
            JsonNode next = reply(c);
            assertEquals(2, next.path("id").asInt());
            assertEquals(daemonPid, next.path("result").path("pid").asLong());
        }
    }

    @Test
    void lineOfExactlyTheLimitIsReadAndOneByteMoreIsNot() throws Exception {
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send(padded(1, LIMIT));
            c.send(padded(2, LIMIT + 1));
            // Parsed: version takes no params, so the pad is named as the offending field.
            JsonNode atLimit = reply(c);
            assertEquals(1, atLimit.path("id").asInt(), atLimit.toString());
            assertEquals("pad", atLimit.path("error").path("data").path("field").asText());
            JsonNode over = reply(c);
            assertEquals(LIMIT, over.path("error").path("data").path("limit_bytes").asInt(), over.toString());
        }
    }

    @Test
    void crlfLineEndingsAndBlankLinesAreAccepted() throws Exception {
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send("\n\r\n" + request(1, "version").replace("\n", "\r\n") + "\n\n\r\n" + request(2, "status",
                    "{\"session\":\"api\"}").replace("\n", "\r\n"));
            c.send(request(3, "version"));
            assertEquals(daemonPid, reply(c).path("result").path("pid").asLong());
            JsonNode status = reply(c);
            assertEquals(2, status.path("id").asInt());
            assertEquals("api", status.path("result").path("name").asText());
            // Nothing answered the blank lines: the next line is the next request's reply.
            assertEquals(3, reply(c).path("id").asInt());
        }
    }

    @Test
    void thousandPipelinedRequestsAreAnsweredInOrder() throws Exception {
        StringBuilder all = new StringBuilder();
        String[] methods = {"version", "list", "status"};
        for (int i = 0; i < 1000; i++) {
            String method = methods[i % 3];
            all.append(method.equals("status") ? request(i, method, "{\"session\":\"api\"}") : request(i, method));
        }
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send(all.toString());
            for (int i = 0; i < 1000; i++) {
                JsonNode r = reply(c);
                assertEquals(i, r.path("id").asInt(), "reply " + i + " out of order: " + r);
                assertTrue(r.has("result"), r.toString());
            }
        }
    }

    @Test
    void twoHundredConcurrentClientsOfTwentyCallsAllGetTheirOwnAnswers() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> clients = new ArrayList<>();
            for (int n = 0; n < 200; n++) {
                clients.add(pool.submit(() -> {
                    try (RpcClient client = sandbox.client()) {
                        go.await();
                        int ok = 0;
                        for (int i = 0; i < 20; i++) {
                            JsonNode r = i % 2 == 0 ? client.call("status", API) : client.call("version", null);
                            boolean right = i % 2 == 0 ? r.path("name").asText().equals("api")
                                    : r.path("pid").asLong() == daemonPid;
                            ok += right ? 1 : 0;
                        }
                        return ok;
                    }
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : clients) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(200 * 20, total);
        }
    }

    @Test
    void aClientThatNeverReadsDoesNotSlowAnotherClientsCalls() throws Exception {
        // 1,000 requests whose replies (~15 KB each) far exceed the per-connection queue and the
        // socket buffers: the daemon must stop reading this client, and only this client.
        byte[] flood = request("d", "rpc.discover").repeat(1000).getBytes(StandardCharsets.UTF_8);
        try (RawClient stuck = new RawClient(sandbox.socket());
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> sent = pool.submit(() -> {
                stuck.send(flood);
                return null;
            });
            sent.get(30, TimeUnit.SECONDS);
            try (RpcClient other = sandbox.client()) {
                for (int i = 0; i < 20; i++) {
                    long t0 = System.nanoTime();
                    JsonNode r = other.call("status", API, Duration.ofSeconds(10));
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                    assertEquals("api", r.path("name").asText());
                    assertTrue(millis < 5000, "a call took " + millis + " ms beside a stuck client");
                }
            }
            // The stuck client was only held back: its replies are there, whole, once it reads.
            for (int i = 0; i < 10; i++) {
                JsonNode r = reply(stuck);
                assertEquals("d", r.path("id").asText());
                assertTrue(r.path("result").has("openrpc"), "a whole reply");
            }
        }
    }

    @Test
    void garbageBytesGetErrorsAndTheDaemonKeepsServing() throws Exception {
        Random random = new Random(3);
        byte[] garbage = new byte[64 * 1024];
        random.nextBytes(garbage);
        try (RawClient bad = new RawClient(sandbox.socket()); RpcClient good = sandbox.client()) {
            bad.send(garbage);
            bad.send("\n" + request("after", "version"));
            assertEquals("api", good.call("status", API).path("name").asText());
            int errors = 0;
            JsonNode r;
            while (!(r = reply(bad)).path("id").asText().equals("after")) {
                int code = r.path("error").path("code").asInt();
                assertTrue(code == -32700 || code == -32600, "garbage answered with " + r);
                assertTrue(r.get("id").isNull(), r.toString());
                errors++;
            }
            assertTrue(errors > 0, "random bytes must draw at least one error");
            assertEquals(daemonPid, r.path("result").path("pid").asLong());
            assertEquals(daemonPid, good.call("version", null).path("pid").asLong());
        }
    }

    @Test
    void malformedUtf8IsAParseErrorNotAGuess() throws Exception {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.writeBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ver".getBytes(StandardCharsets.US_ASCII));
        line.writeBytes(new byte[] {(byte) 0xff, (byte) 0xc3, 0x28});
        line.writeBytes("sion\"}\n".getBytes(StandardCharsets.US_ASCII));
        // UTF-16 with a byte-order mark is not UTF-8 either.
        line.writeBytes(new byte[] {(byte) 0xfe, (byte) 0xff, 0, '{', 0, '}', '\n'});
        try (RawClient c = new RawClient(sandbox.socket())) {
            c.send(line.toByteArray());
            c.send(request(2, "version"));
            for (int i = 0; i < 2; i++) {
                JsonNode r = reply(c);
                assertEquals(-32700, r.path("error").path("code").asInt(), r.toString());
                assertTrue(r.get("id").isNull());
            }
            assertEquals(2, reply(c).path("id").asInt());
            // Valid multi-byte UTF-8 is fine and comes back intact.
            c.send(request(3, "status", "{\"session\":\"caf\u00e9-\u65e5\u672c\"}"));
            JsonNode r = reply(c);
            assertEquals(-32006, r.path("error").path("code").asInt(), r.toString());
            assertEquals("caf\u00e9-\u65e5\u672c", r.path("error").path("data").path("session").asText());
        }
        assertEquals(Set.of("api"), Set.of(sandbox.status("api").path("name").asText()));
    }

    /** A version request whose line is exactly {@code bytes} long without its newline. */
    private static String padded(int id, int bytes) {
        String head = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"version\",\"params\":{\"pad\":\"";
        String tail = "\"}}";
        return head + "x".repeat(bytes - head.length() - tail.length()) + tail + "\n";
    }
}
