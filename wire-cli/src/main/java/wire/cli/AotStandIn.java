package wire.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stand-in daemon {@link AotTraining} runs the CLI against, inside the training JVM: it answers
 * each request line with a reply of the shape PROTOCOL.md gives its method (200 sessions in every
 * state the table shows for {@code list}), so the cache records the paths of served calls whether
 * or not a real supervisor runs while it is made. A session named {@code missing} is
 * {@code -32001}, so the error path is recorded too; an unknown method is {@code -32601}.
 */
final class AotStandIn implements AutoCloseable {
    static final String MISSING = "missing";
    private static final int SESSIONS = 200;

    private final Path dir;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Map<String, Object> list = listResult();

    AotStandIn() throws IOException {
        dir = Files.createTempDirectory("wire-aot");
        socket = dir.resolve("s.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofPlatform().daemon().start(this::serve);
    }

    Path socket() {
        return socket;
    }

    private void serve() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread.ofPlatform().daemon().start(() -> answer(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Answers every line of one connection until the client closes it. */
    private void answer(SocketChannel client) {
        try (client) {
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            while (client.read(in) > 0) {
                int start = 0;
                for (int i = 0; i < in.position(); i++) {
                    if (in.get(i) == '\n') {
                        write(client, replyTo(Arrays.copyOfRange(in.array(), start, i)));
                        start = i + 1;
                    }
                }
                in.flip().position(start);
                in.compact();
            }
        } catch (IOException e) {
            // the training call ended the connection
        }
    }

    private static void write(SocketChannel client, byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            client.write(out);
        }
    }

    private byte[] replyTo(byte[] line) throws IOException {
        Object request = LeanJson.parse(line);
        Object id = LeanJson.get(request, "id");
        String method = LeanJson.textOr(request, "method", "");
        Object session = LeanJson.get(LeanJson.get(request, "params"), "session");
        if (MISSING.equals(session)) {
            return error(id, -32001, "session not found: " + MISSING, Map.of("session", MISSING));
        }
        return switch (method) {
            case "list" -> response(id, "result", list);
            case "status", "start", "stop", "restart" -> response(id, "result", session(0));
            case "version" -> response(id, "result", version());
            case "reload" -> response(id, "result", reload());
            default -> error(id, -32601, "method not found: " + method, Map.of());
        };
    }

    private static byte[] error(Object id, int code, String message, Map<String, Object> data) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("data", data);
        return response(id, "error", error);
    }

    /** One response line: {@code member} is {@code result} or {@code error}. */
    private static byte[] response(Object id, String member, Object value) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", "2.0");
        response.put("id", id);
        response.put(member, value);
        return (LeanJson.write(response) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> version() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("version", "0.1.0");
        v.put("protocol", 1);
        v.put("pid", 4000);
        v.put("started_at", "2025-01-01T00:00:00.123456789Z");
        v.put("java", "25");
        return v;
    }

    private static Map<String, Object> reload() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("added", List.of("s0001"));
        r.put("removed", List.of());
        r.put("changed", List.of("s0002"));
        r.put("unchanged", List.of("s0000"));
        r.put("invalid", List.of());
        return r;
    }

    private static Map<String, Object> listResult() {
        Map<String, Object> supervisor = new LinkedHashMap<>();
        supervisor.put("pid", 4000);
        supervisor.put("version", "0.1.0");
        supervisor.put("started_at", "2025-01-01T00:00:00.123456789Z");
        supervisor.put("uptime_secs", 93_784);
        supervisor.put("socket", "/home/u/.local/state/wire/supervisor.sock");
        supervisor.put("root", "/home/u/.local/state/wire");
        supervisor.put("registry_poll_secs", 10);
        supervisor.put("max_idle_days", 7);
        supervisor.put("managed_by", "none");
        List<Object> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            sessions.add(session(i));
        }
        Map<String, Object> unmanaged = new LinkedHashMap<>();
        unmanaged.put("pid", 4999);
        unmanaged.put("home_dir", "/home/u/.local/state/wire/sessions/gone");
        unmanaged.put("cmdline", "sleep 100000");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("supervisor", supervisor);
        result.put("sessions", sessions);
        result.put("unmanaged", List.of(unmanaged));
        return result;
    }

    /** A session in one of the states the table renders differently, by {@code i}. */
    private static Map<String, Object> session(int i) {
        String name = "s" + (10_000 + i + "").substring(1);
        String home = "/home/u/.local/state/wire/sessions/" + name;
        int kind = i % 5;
        boolean running = kind < 3;
        Map<String, Object> exit = new LinkedHashMap<>();
        exit.put("code", kind == 3 ? 1 : LeanJson.NULL);
        exit.put("signal", kind == 3 ? LeanJson.NULL : "KILL");
        exit.put("at", "2025-01-01T00:00:00Z");
        exit.put("lived_secs", kind == 3 ? 0.25 : 4000.5);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", "spawn /opt/" + name + ": No such file or directory (cwd " + home + ")");
        error.put("at", "2025-01-01T00:00:00Z");
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("state", running ? "running" : kind == 3 ? "backoff" : "ineligible");
        s.put("desired", kind == 2 ? "down" : "up");
        s.put("owner", running ? (kind == 1 ? "adopted" : "supervisor") : LeanJson.NULL);
        s.put("pid", running ? (Object) (100_000 + i) : LeanJson.NULL);
        s.put("pgid", running ? (Object) (100_000 + i) : LeanJson.NULL);
        s.put("started_at", running ? "2025-01-01T00:00:00.123456789Z" : LeanJson.NULL);
        s.put("uptime_secs", running ? (Object) (i * 997L) : LeanJson.NULL);
        s.put("restart_count", kind == 3 ? i : 0);
        s.put("last_exit", kind >= 2 ? exit : LeanJson.NULL);
        s.put("next_start_in_secs", kind == 3 ? (Object) 7.5 : LeanJson.NULL);
        s.put("home_dir", home);
        s.put("cwd", kind == 0 ? "/srv/" + name : home);
        s.put("bound", kind == 0);
        s.put("eligible", kind != 4);
        s.put("ineligible_reason", kind == 4 ? "unbound and idle for 30 days" : LeanJson.NULL);
        s.put("last_sync_age_seconds", kind == 1 ? (Object) 3 : LeanJson.NULL);
        s.put("daemon_version", kind == 1 ? "0.1.0" : LeanJson.NULL);
        s.put("stale_binary", kind == 1 && i % 2 == 0);
        s.put("command", List.of("/usr/bin/env", "node", "server.js", "--port=" + (8000 + i)));
        s.put("restart", "always");
        s.put("last_error", kind == 3 ? error : LeanJson.NULL);
        return s;
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir);
    }
}
