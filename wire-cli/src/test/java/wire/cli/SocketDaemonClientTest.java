package wire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import wire.ipc.Call;
import wire.ipc.RpcServer;
import wire.ipc.StreamOpening;
import wire.protocol.ErrorCode;
import wire.protocol.Json;
import wire.protocol.RpcException;

/** The real socket client against wire-ipc's real server, answering from a small handler. */
class SocketDaemonClientTest {
    @TempDir
    Path root;

    private RpcServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Object handle(Call call) throws RpcException {
        return switch (call.method()) {
            case "version" -> Map.of("version", "9.9.9", "protocol", 1, "pid", 42, "java", "25", "started_at", "2025-01-01T00:00:00Z");
            case "status" -> throw new RpcException(ErrorCode.SESSION_NOT_FOUND, "no session named 'ghost'",
                    Json.mapper().createObjectNode().put("session", "ghost"));
            case "logs" -> new StreamOpening(Map.of("subscription", "s1"), sink -> {
                sink.offer("log", Map.of("subscription", "s1", "session", "api", "stream", "stdout", "line", "one"));
                sink.offer("log", Map.of("subscription", "s1", "session", "api", "stream", "stderr", "line", "two"));
                sink.offerFinal("log_end", Map.of("subscription", "s1", "reason", "complete"));
            });
            default -> throw new RpcException(ErrorCode.METHOD_NOT_FOUND, "method not found: " + call.method(), null);
        };
    }

    private CliRun.Result run(String... args) {
        var ctx = new CliContext(Map.of("WIRE_ROOT", root.toString()), SocketDaemonClient::connect, Clock.systemUTC());
        CommandLine cl = Cli.commandLine(ctx);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new CliRun.Result(cl.execute(args), out.toString(), err.toString());
    }

    private void serve() throws IOException {
        server = RpcServer.start(root.resolve("supervisor.sock"), this::handle, RpcServer.Options.defaults());
    }

    @Test
    void versionReachesTheDaemonOverTheSocket() throws IOException {
        serve();
        var r = run("supervisor", "version");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("supervisor: wire 9.9.9 (protocol 1, pid 42"), r.out());
    }

    @Test
    void errorRepliesArriveAsTheDaemonSentThem() throws IOException {
        serve();
        var r = run("supervisor", "status", "ghost");
        assertEquals(ExitCodes.FAILED, r.exitCode(), r.toString());
        assertTrue(r.err().contains("no session named 'ghost' (looked in "), r.err());
    }

    @Test
    void logsStreamsUntilLogEnd() throws IOException {
        serve();
        var r = run("supervisor", "logs", "api");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertEquals("out| one\nerr| two\n", r.out());
    }

    @Test
    void rpcFollowOnAMethodThatOpensNoStreamReturnsAfterTheReply() throws IOException {
        serve();
        var r = run("rpc", "version", "--follow");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        ObjectNode reply = (ObjectNode) FakeDaemon.json(r.out());
        assertEquals("9.9.9", reply.path("result").path("version").asText());
    }

    @Test
    void missingSocketExits3AndSaysSo() {
        var r = run("supervisor", "reload");
        assertEquals(ExitCodes.UNREACHABLE, r.exitCode(), r.toString());
        assertEquals("wire: the supervisor is not reachable at " + root.resolve("supervisor.sock")
                + " (no socket file); start it with: wire daemon --all-sessions\n", r.err());
    }

    @Test
    void staleSocketExits3AndSaysItIsStale() throws IOException {
        try (var listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(root.resolve("supervisor.sock")));
        }
        var r = run("supervisor", "list");
        assertEquals(ExitCodes.UNREACHABLE, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("supervisor: not running (socket "), r.out());
        assertTrue(r.err().isEmpty(), r.err());
        var restart = run("supervisor", "restart", "--all");
        assertTrue(restart.err().contains("stale socket"), restart.err());
    }
}
