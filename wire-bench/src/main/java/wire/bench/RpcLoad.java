package wire.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import wire.protocol.Json;

/**
 * The RPC load client of issue 7's targets, against any wire socket: {@code status} round trips on
 * one persistent connection, pipelined throughput on one connection, and round trips from many
 * concurrent connections. Prints one JSON object on stdout; reports, never judges.
 *
 * <pre>
 * java -cp wire-bench/target/benchmarks.jar wire.bench.RpcLoad --socket PATH --session NAME
 *     [--round-trips 20000] [--warmup 5000] [--pipelined 100000] [--clients 200]
 *     [--client-round-trips 100] [--client-warmup 20] [--only round_trip,pipelined,concurrent]
 * </pre>
 */
public final class RpcLoad {
    private static final int PIPELINE_CHUNK = 256;

    private final Path socket;
    private final ByteBuffer request;

    private RpcLoad(Path socket, String session) {
        this.socket = socket;
        String line = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\",\"params\":{\"session\":\"" + session + "\"}}\n";
        this.request = ByteBuffer.allocateDirect(line.length()).put(line.getBytes(StandardCharsets.UTF_8)).flip();
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        RpcLoad load = new RpcLoad(o.socket, o.session);
        load.checkAnswer();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("socket", o.socket.toString());
        out.put("method", "status");
        if (o.only.contains("round_trip")) {
            out.put("round_trip", load.roundTrips(o.warmup, o.roundTrips));
        }
        if (o.only.contains("pipelined")) {
            out.put("pipelined", load.pipelined(o.pipelined));
        }
        if (o.only.contains("concurrent")) {
            out.put("concurrent", load.concurrent(o.clients, o.clientWarmup, o.clientRoundTrips));
        }
        System.out.println(Json.mapper().writeValueAsString(out));
    }

    /** One request answered with a result, not an error: a wrong session name would measure the error path. */
    private void checkAnswer() throws IOException {
        try (LineConnection c = new LineConnection(socket)) {
            c.write(request.duplicate());
            JsonNode reply = Json.mapper().readTree(c.readLine());
            if (!reply.has("result")) {
                throw new IllegalStateException("status does not succeed on " + socket + ": " + reply);
            }
        }
    }

    private Map<String, Object> roundTrips(int warmup, int count) throws IOException {
        ByteBuffer req = request.duplicate();
        long[] nanos = new long[count];
        try (LineConnection c = new LineConnection(socket)) {
            for (int i = 0; i < warmup; i++) {
                c.roundTrip(req);
            }
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long t = System.nanoTime();
                c.roundTrip(req);
                nanos[i] = System.nanoTime() - t;
            }
            Map<String, Object> out = Percentiles.of(nanos);
            out.put("requests_per_s", perSecond(count, System.nanoTime() - start));
            return out;
        }
    }

    /** A writer thread sends every request while this thread counts the replies. */
    private Map<String, Object> pipelined(int count) throws Exception {
        int chunks = Math.max(1, count / PIPELINE_CHUNK);
        int total = chunks * PIPELINE_CHUNK;
        ByteBuffer chunk = ByteBuffer.allocateDirect(request.capacity() * PIPELINE_CHUNK);
        for (int i = 0; i < PIPELINE_CHUNK; i++) {
            chunk.put(request.duplicate());
        }
        chunk.flip();
        try (LineConnection c = new LineConnection(socket)) {
            pipelineOnce(c, chunk, Math.max(1, chunks / 4)); // warm-up
            long start = System.nanoTime();
            pipelineOnce(c, chunk, chunks);
            long elapsed = System.nanoTime() - start;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("count", total);
            out.put("seconds", Math.round(elapsed / 1e6) / 1e3);
            out.put("requests_per_s", perSecond(total, elapsed));
            return out;
        }
    }

    private static void pipelineOnce(LineConnection c, ByteBuffer chunk, int chunks) throws Exception {
        AtomicReference<IOException> failed = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().name("pipeline-writer").start(() -> {
            try {
                ByteBuffer mine = chunk.duplicate();
                for (int i = 0; i < chunks; i++) {
                    c.write(mine.rewind());
                }
            } catch (IOException e) {
                failed.set(e);
            }
        });
        c.skipLines((long) chunks * PIPELINE_CHUNK);
        writer.join();
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    /**
     * {@code clients} connections, each on its own platform thread, all connected before any
     * request; every client warms up, then all start measuring together.
     */
    private Map<String, Object> concurrent(int clients, int warmup, int each) throws Exception {
        List<LineConnection> connections = new ArrayList<>(clients);
        try {
            for (int i = 0; i < clients; i++) {
                connections.add(new LineConnection(socket));
            }
            long[] nanos = new long[clients * each];
            long[] window = new long[2];
            CyclicBarrier measured = new CyclicBarrier(clients, () -> window[0] = System.nanoTime());
            CyclicBarrier done = new CyclicBarrier(clients, () -> window[1] = System.nanoTime());
            AtomicReference<Exception> failed = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>(clients);
            for (int k = 0; k < clients; k++) {
                LineConnection c = connections.get(k);
                int offset = k * each;
                threads.add(Thread.ofPlatform().name("client-" + k).start(() -> {
                    try {
                        ByteBuffer req = request.duplicate();
                        for (int i = 0; i < warmup; i++) {
                            c.roundTrip(req);
                        }
                        measured.await();
                        for (int i = 0; i < each; i++) {
                            long t = System.nanoTime();
                            c.roundTrip(req);
                            nanos[offset + i] = System.nanoTime() - t;
                        }
                        done.await();
                    } catch (Exception e) {
                        failed.compareAndSet(null, e);
                        measured.reset();
                        done.reset();
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            if (failed.get() != null) {
                throw failed.get();
            }
            Map<String, Object> out = Percentiles.of(nanos);
            out.put("clients", clients);
            out.put("requests_per_s", perSecond(nanos.length, window[1] - window[0]));
            return out;
        } finally {
            for (LineConnection c : connections) {
                c.close();
            }
        }
    }

    private static long perSecond(long count, long nanos) {
        return Math.round(count * 1e9 / nanos);
    }

    private record Options(Path socket, String session, int roundTrips, int warmup, int pipelined, int clients,
            int clientRoundTrips, int clientWarmup, Set<String> only) {

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>(Map.of("--round-trips", "20000", "--warmup", "5000",
                    "--pipelined", "100000", "--clients", "200", "--client-round-trips", "100", "--client-warmup", "20",
                    "--only", "round_trip,pipelined,concurrent"));
            Set<String> known = new java.util.HashSet<>(values.keySet());
            known.addAll(Set.of("--socket", "--session"));
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length || !known.contains(args[i])) {
                    throw new IllegalArgumentException("expected pairs of " + known + " and a value, got: "
                            + String.join(" ", args));
                }
                values.put(args[i], args[i + 1]);
            }
            if (!values.containsKey("--socket") || !values.containsKey("--session")) {
                throw new IllegalArgumentException("--socket PATH and --session NAME are required");
            }
            return new Options(Path.of(values.get("--socket")), values.get("--session"), positive(values, "--round-trips"),
                    positive(values, "--warmup"), positive(values, "--pipelined"), positive(values, "--clients"),
                    positive(values, "--client-round-trips"), positive(values, "--client-warmup"),
                    Set.of(values.get("--only").split(",")));
        }

        private static int positive(Map<String, String> values, String name) {
            int v = Integer.parseInt(values.get(name));
            if (v < 1) {
                throw new IllegalArgumentException(name + " < 1: " + v);
            }
            return v;
        }
    }
}
