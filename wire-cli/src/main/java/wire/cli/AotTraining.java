package wire.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workload {@code bin/wire} records its JDK AOT cache from ({@code java
 * -XX:AOTCacheOutput=... -cp wire.jar wire.cli.AotTraining}): {@code supervisor list} and
 * {@code supervisor status} on the {@link FastPath}, text and {@code --json}, against a stand-in
 * daemon in this process that answers with 200 sessions in every state the table shows. The cache
 * then holds exactly the classes, linked call sites and method profiles of a real
 * {@code wire supervisor list}, whether or not a supervisor happens to run while the cache is made
 * (training on a real call made a different cache with the daemon down: the offline path's).
 * Prints nothing; exits 1 if a call was not served.
 */
final class AotTraining {
    private static final int SESSIONS = 200;

    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        if (!run()) {
            System.exit(1);
        }
    }

    /** Runs every fast path call once; false if one was not served. */
    static boolean run() throws IOException {
        Path dir = Files.createTempDirectory("wire-aot");
        Path socket = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofPlatform().daemon().start(() -> serve(server));
            Map<String, String> env = new HashMap<>(System.getenv()); // as Main reads it
            env.put("WIRE_SOCKET", socket.toString());
            // Not `status NAME`: checking the name links SessionName, whose verification loads some
            // 40 jackson classes, and every class in the cache is loaded at the start of every call.
            String[][] calls = {
                {"supervisor", "list"}, {"supervisor", "list", "--json"}, {"supervisor", "status"},
                {"supervisor", "status", "--json"}, {"supervisor", "list"},
            };
            for (String[] call : calls) {
                if (Main.fast(call, env, OutputStream.nullOutputStream()) != ExitCodes.OK) {
                    return false;
                }
            }
            return true;
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    /** The {@code list} reply to one request per connection, as {@link wire.ipc.OneShotCall} makes them. */
    private static void serve(ServerSocketChannel server) {
        byte[] list = reply(listResult());
        ByteBuffer request = ByteBuffer.allocate(4096);
        while (true) {
            try (SocketChannel client = server.accept()) {
                request.clear();
                while (client.read(request) > 0 && request.get(request.position() - 1) != '\n') {
                    // a request line is short; read until its newline
                }
                ByteBuffer out = ByteBuffer.wrap(list);
                while (out.hasRemaining()) {
                    client.write(out);
                }
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
                throw new UncheckedIOException(e);
            }
        }
    }

    private static byte[] reply(Object result) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", "2.0");
        response.put("id", 1);
        response.put("result", result);
        return (LeanJson.write(response) + "\n").getBytes(StandardCharsets.UTF_8);
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
}
