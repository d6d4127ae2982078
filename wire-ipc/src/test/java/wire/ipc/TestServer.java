package wire.ipc;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import wire.protocol.Json;

/** A server on a real socket in a temp dir with a {@link TestHandler}, and the clients a test opened. */
final class TestServer implements AutoCloseable {
    final Path socket;
    final TestHandler handler = new TestHandler();
    final RpcServer server;
    final String loggerName;
    private final List<RpcClient> clients = new CopyOnWriteArrayList<>();

    TestServer(Path dir) throws IOException {
        this(dir, RpcServer.Options.defaults());
    }

    TestServer(Path dir, RpcServer.Options options) throws IOException {
        this.socket = dir.resolve("supervisor.sock");
        // A logger per server keeps one test's records apart from another's.
        this.loggerName = "test.rpc." + System.identityHashCode(this);
        this.server = RpcServer.start(socket, handler, options.withLoggerName(loggerName));
    }

    RpcClient client() throws IOException {
        RpcClient client = RpcClient.connect(socket);
        clients.add(client);
        return client;
    }

    /** Sends {@code line} plus a newline. */
    static void send(RpcClient client, String line) throws IOException {
        client.sendRaw((line + "\n").getBytes(UTF_8));
    }

    static JsonNode readJson(RpcClient client) throws IOException {
        String line = client.readRawLine();
        if (line == null) {
            throw new IOException("connection closed before a reply");
        }
        return json(line);
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        clients.forEach(RpcClient::close);
        server.close();
    }
}
