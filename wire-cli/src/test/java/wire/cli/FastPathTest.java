package wire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import wire.ipc.RpcServer;
import wire.ipc.Call;
import wire.protocol.ErrorCode;
import wire.protocol.Json;
import wire.protocol.RpcException;

/** The fast path prints exactly what the full CLI prints, and hands everything else to it. */
class FastPathTest {
    static final String LIST = """
            {"supervisor": {"pid": 9, "root": "/r", "uptime_secs": 3700.25, "socket": "/r/supervisor.sock",
              "registry_poll_secs": 10, "started_at": "2025-01-01T00:00:00Z", "managed_by": null},
             "unmanaged": [{"pid": 77, "home_dir": "/r/sessions/x", "cmdline": "wire daemon"}],
             "sessions": [
              {"name": "api", "state": "running", "desired": "up", "owner": "supervisor", "pid": 4242, "uptime_secs": 11520,
               "restart_count": 0, "last_exit": null, "next_start_in_secs": null, "ineligible_reason": null, "stale_binary": false},
              {"name": "crashy", "state": "backoff", "desired": "up", "owner": null, "pid": null, "uptime_secs": null,
               "restart_count": 4, "last_exit": {"code": 3, "signal": null, "at": "2025-01-01T00:00:00Z", "lived_secs": 0.1},
               "next_start_in_secs": 7.2, "ineligible_reason": null, "stale_binary": false,
               "last_error": {"message": "spawn /nöpe: No such file \\"x\\"\\t(cwd /tmp)", "at": "2025-01-01T00:00:00Z"}},
              {"name": "old", "state": "ineligible", "desired": "up", "owner": null, "pid": null, "uptime_secs": null,
               "restart_count": 0, "last_exit": {"code": null, "signal": "KILL", "lived_secs": 3600}, "next_start_in_secs": null,
               "ineligible_reason": "unbound and idle for 30 days", "stale_binary": true},
              {"name": "down", "state": "running", "desired": "down", "owner": "adopted", "pid": 12345678901, "uptime_secs": 1e3,
               "restart_count": 123456789012345678901234567890, "last_exit": {"code": null, "signal": null, "lived_secs": 5},
               "command": ["sleep", "9"], "env": {"A": "b", "n": [1, 2.5, true, null]}, "stale_binary": 1}]}""";

    static List<String> statuses() {
        return List.of(
                """
                {"name": "api", "state": "running", "pid": 4242, "uptime_secs": 75, "last_exit":
                 {"code": null, "signal": "TERM", "at": "2025-01-01T00:00:00Z", "lived_secs": 2},
                 "command": ["sleep", "9"], "cwd": null, "future_field": true}""",
                """
                {"name": "broken", "state": "backoff", "next_start_in_secs": 1.5, "env": {"K": "v"}, "empty": [],
                 "mixed": ["a", 1, {"x": null}], "stop_grace_seconds": 0.25, "neg": -3,
                 "last_error": {"message": "spawn /nope: No such file or directory (cwd /tmp)", "at": "2025-01-01T00:00:00Z"}}""",
                "{}");
    }

    @TempDir
    Path root;

    private RpcServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void listTableAndJsonAreTheFullRenderersOutput() throws IOException {
        JsonNode tree = FakeDaemon.json(LIST);
        Object lean = LeanJson.parse(LIST.getBytes(StandardCharsets.UTF_8));
        assertEquals(ListRenderer.render(tree), LeanRender.list(lean));
        assertEquals(Json.mapper().writeValueAsString(tree), LeanJson.write(lean));
        assertEquals(SupervisorStatus.sessionCounts(tree.path("sessions")), LeanRender.sessionCounts(LeanJson.get(lean, "sessions")));
        assertEquals(StatusRenderer.render(tree.path("supervisor")), LeanRender.status((Map<?, ?>) LeanJson.get(lean, "supervisor")));
        String empty = "{\"supervisor\": {\"root\": \"/r\"}, \"sessions\": [], \"unmanaged\": []}";
        assertEquals(ListRenderer.render(FakeDaemon.json(empty)), LeanRender.list(LeanJson.parse(empty.getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest
    @MethodSource("statuses")
    void statusLinesAndJsonAreTheFullRenderersOutput(String json) throws IOException {
        JsonNode tree = FakeDaemon.json(json);
        Object lean = LeanJson.parse(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(StatusRenderer.render(tree), LeanRender.status((Map<?, ?>) lean));
        assertEquals(Json.mapper().writeValueAsString(tree), LeanJson.write(lean));
    }

    @Test
    void parsesOnlyThePlainReadOnlyCalls() {
        assertEquals(new FastPath.Call("list", null, false, null), FastPath.parse(new String[] {"supervisor", "list"}));
        assertEquals(new FastPath.Call("list", null, true, Path.of("/s")),
                FastPath.parse(new String[] {"--json", "supervisor", "--socket", "/s", "list"}));
        assertEquals(new FastPath.Call("status", "api", true, Path.of("/s")),
                FastPath.parse(new String[] {"supervisor", "status", "api", "--socket=/s", "--json"}));
        assertEquals(new FastPath.Call("status", null, false, null), FastPath.parse(new String[] {"supervisor", "status"}));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "supervisor", "list", "supervisor list extra", "supervisor list --help", "supervisor list -h",
        "supervisor status BAD", "supervisor status a b", "supervisor start api", "session list", "supervisor list --socket",
        "supervisor list --socket /a --socket /b", "supervisor list --", "supervisor list --jsonx", "supervisor status --json=true",
        "supervisor list --json --json"})
    void everythingElseGoesToTheFullCli(String args) {
        assertNull(FastPath.parse(args.isEmpty() ? new String[0] : args.split(" ")));
    }

    private Object handle(Call call) throws RpcException {
        return switch (call.method()) {
            case "list" -> FakeDaemon.json(LIST);
            case "status" -> {
                if (!"api".equals(call.params().path("session").asText())) {
                    throw new RpcException(ErrorCode.SESSION_NOT_FOUND, "no session named 'ghost'",
                            Json.mapper().createObjectNode().put("session", "ghost"));
                }
                yield FakeDaemon.json(statuses().getFirst());
            }
            default -> throw new RpcException(ErrorCode.METHOD_NOT_FOUND, "method not found: " + call.method(), null);
        };
    }

    private String full(String... args) {
        var ctx = new CliContext(Map.of("WIRE_ROOT", root.toString()), SocketDaemonClient::connect, Clock.systemUTC());
        CommandLine cl = Cli.commandLine(ctx);
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(0, cl.execute(args));
        return out.toString();
    }

    private String fast(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(ExitCodes.OK, new FastPath(Map.of("WIRE_ROOT", root.toString()), out).run(args));
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"supervisor list", "supervisor list --json", "supervisor status", "--json supervisor status",
        "supervisor status api", "supervisor status api --json"})
    void overTheSocketItPrintsWhatTheFullCliPrints(String args) throws IOException {
        server = RpcServer.start(root.resolve("supervisor.sock"), this::handle, RpcServer.Options.defaults());
        String expected = full(args.split(" "));
        assertNotNull(expected);
        assertEquals(expected, fast(args.split(" ")));
    }

    @Test
    void aDownDaemonOrAnErrorReplyIsLeftToTheFullCliWithNothingPrinted() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FastPath fast = new FastPath(Map.of("WIRE_ROOT", root.toString()), out);
        assertEquals(FastPath.NOT_HANDLED, fast.run(new String[] {"supervisor", "list"}));
        server = RpcServer.start(root.resolve("supervisor.sock"), this::handle, RpcServer.Options.defaults());
        assertEquals(FastPath.NOT_HANDLED, fast.run(new String[] {"supervisor", "status", "ghost"}));
        assertEquals(0, out.size());
    }
}
