package wire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wire.protocol.Notification;

/** Commands against a fake daemon: error replies, streams, rpc, unexpected failures. */
class DaemonCallsTest {
    @TempDir
    Path root;

    @Test
    void unknownSessionSaysWhereItLooked() {
        var daemon = FakeDaemon.up().error("status", -32001, "session not found", "{\"session\":\"ghost\"}");
        var run = new CliRun(root, daemon);
        var r = run.run("supervisor", "status", "ghost");
        assertEquals(ExitCodes.FAILED, r.exitCode(), r.toString());
        assertEquals("wire: no session named 'ghost' (looked in " + root.resolve("sessions") + ")\n", r.err());
    }

    @Test
    void errorReplyWithJsonPrintsTheErrorObjectToo() {
        var daemon = FakeDaemon.up().error("reload", -32005, "shutting down", null);
        var r = new CliRun(root, daemon).run("--json", "supervisor", "reload");
        assertEquals(ExitCodes.FAILED, r.exitCode());
        assertEquals(-32005, FakeDaemon.json(r.out()).path("error").path("code").asInt(), r.out());
        assertTrue(r.err().contains("shutting down (error -32005)"), r.err());
    }

    @Test
    void methodNotImplementedByTheDaemonIsAnErrorNotACrash() {
        var r = new CliRun(root, FakeDaemon.up()).run("supervisor", "events");
        assertEquals(ExitCodes.FAILED, r.exitCode(), r.toString());
        assertTrue(r.err().contains("-32601"), r.err());
        assertFalse(r.err().contains("at wire."), r.err());
    }

    @Test
    void bulkResultWithAFailureExits1AndPrintsEveryLine() {
        var daemon = FakeDaemon.up().result("stop", """
                {"results": [{"session": "api", "ok": true, "status": {"name": "api", "state": "stopped", "pid": null}},
                             {"session": "ghost", "ok": false, "error": {"code": -32001, "message": "no session named 'ghost'"}}]}""");
        var r = new CliRun(root, daemon).run("supervisor", "stop", "api", "ghost");
        assertEquals(ExitCodes.FAILED, r.exitCode(), r.toString());
        assertEquals("api: stopped\nghost: error -32001 no session named 'ghost'\n", r.out());
    }

    @Test
    void supervisorStatusWithoutNameShowsTheSupervisorAndItsSocket() {
        var daemon = FakeDaemon.up().result("list", """
                {"supervisor": {"pid": 99, "version": "0.1.0", "socket": "/run/w.sock", "uptime_secs": 125},
                 "sessions": [{"name": "a", "state": "running"}, {"name": "b", "state": "backoff"}, {"name": "c", "state": "running"}],
                 "unmanaged": []}""");
        var r = new CliRun(root, daemon).run("supervisor", "status");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("socket:      /run/w.sock\n"), r.out());
        assertTrue(r.out().contains("uptime_secs: 125 (2m5s)\n"), r.out());
        assertTrue(r.out().endsWith("sessions: 3 (1 backoff, 2 running)\n"), r.out());
    }

    @Test
    void logsPrintsLinesUntilLogEnd() {
        var daemon = FakeDaemon.up().result("logs", "{\"subscription\": \"s1\"}").notifications("logs",
                FakeDaemon.notification("log", "{\"subscription\":\"s1\",\"session\":\"api\",\"stream\":\"stdout\",\"line\":\"hello\"}"),
                FakeDaemon.notification("log", "{\"subscription\":\"s1\",\"dropped\":4}"),
                FakeDaemon.notification("log", "{\"subscription\":\"s1\",\"session\":\"api\",\"stream\":\"stderr\",\"line\":\"oops\"}"),
                FakeDaemon.notification("log_end", "{\"subscription\":\"s1\",\"reason\":\"complete\"}"),
                FakeDaemon.notification("log", "{\"subscription\":\"s1\",\"line\":\"never read\"}"));
        var r = new CliRun(root, daemon).run("supervisor", "logs", "api", "-n", "5", "--stream", "both");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertEquals("out| hello\nerr| oops\n", r.out());
        assertTrue(r.err().contains("4 lines dropped"), r.err());
        assertEquals(FakeDaemon.json("{\"session\":\"api\",\"follow\":false,\"stream\":\"both\",\"tail\":5}"), daemon.sent.getFirst().params());
    }

    @Test
    void logsOfOneStreamAreUnmarkedAndALineInPiecesIsPrintedWhole() {
        String full = "a".repeat(wire.protocol.LogNotification.MAX_LINE_CHARS);
        var daemon = FakeDaemon.up().result("logs", "{\"subscription\": \"s1\"}").notifications("logs",
                FakeDaemon.notification("log", "{\"subscription\":\"s1\",\"stream\":\"stdout\",\"line\":\"" + full + "\"}"),
                FakeDaemon.notification("log", "{\"subscription\":\"s1\",\"stream\":\"stdout\",\"line\":\"tail\"}"),
                FakeDaemon.notification("log", "{\"subscription\":\"s1\",\"stream\":\"stdout\",\"line\":\"next\"}"),
                FakeDaemon.notification("log_end", "{\"subscription\":\"s1\",\"reason\":\"complete\"}"));
        var r = new CliRun(root, daemon).run("supervisor", "logs", "api", "--stream", "stdout");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertEquals(full + "tail\nnext\n", r.out());
    }

    @Test
    void logsWithJsonPrintsNdjsonOfTheNotifications() {
        Notification line = FakeDaemon.notification("log", "{\"subscription\":\"s1\",\"line\":\"x\"}");
        Notification end = FakeDaemon.notification("log_end", "{\"subscription\":\"s1\",\"reason\":\"complete\"}");
        var daemon = FakeDaemon.up().result("logs", "{\"subscription\": \"s1\"}").notifications("logs", line, end);
        var r = new CliRun(root, daemon).run("supervisor", "logs", "api", "--json");
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length, r.out());
        assertEquals("log", FakeDaemon.json(lines[0]).path("method").asText());
        assertEquals(line.params(), FakeDaemon.json(lines[0]).path("params"));
        assertEquals("log_end", FakeDaemon.json(lines[1]).path("method").asText());
    }

    @Test
    void logsStreamCutShortIsAFailure() {
        var daemon = FakeDaemon.up().result("logs", "{\"subscription\": \"s1\"}").notifications("logs",
                FakeDaemon.notification("log", "{\"subscription\":\"s1\",\"line\":\"x\"}"));
        var r = new CliRun(root, daemon).run("supervisor", "logs", "api", "-f");
        assertEquals(ExitCodes.FAILED, r.exitCode(), r.toString());
        assertTrue(r.err().contains("closed the stream"), r.err());
    }

    @Test
    void logsRefusesAnUnknownStream() {
        var r = new CliRun(root, FakeDaemon.up()).run("supervisor", "logs", "api", "--stream", "stdin");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
    }

    @Test
    void eventsPrintsOneLinePerStateChange() {
        var daemon = FakeDaemon.up().result("subscribe", "{\"subscription\": \"s2\"}").notifications("subscribe",
                FakeDaemon.notification("session_state", "{\"subscription\":\"s2\",\"session\":\"api\",\"from\":\"running\",\"to\":\"backoff\",\"at\":\"2025-01-01T00:00:00Z\",\"status\":{}}"),
                FakeDaemon.notification("subscription_end", "{\"subscription\":\"s2\",\"reason\":\"shutdown\"}"));
        var r = new CliRun(root, daemon).run("supervisor", "events", "api");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertEquals("2025-01-01T00:00:00Z api running -> backoff\n", r.out());
        assertEquals(FakeDaemon.json("{\"sessions\":[\"api\"]}"), daemon.sent.getFirst().params());
    }

    @Test
    void rpcPrintsTheReplyAsAJsonRpcMessage() {
        var daemon = FakeDaemon.up().result("version", "{\"version\":\"0.1.0\",\"protocol\":1}");
        var r = new CliRun(root, daemon).run("rpc", "version");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertEquals(FakeDaemon.json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"version\":\"0.1.0\",\"protocol\":1}}"), FakeDaemon.json(r.out()));
    }

    @Test
    void rpcErrorReplyExits1AndIsPrintedRaw() {
        var r = new CliRun(root, FakeDaemon.up()).run("rpc", "nope", "{\"a\":1}");
        assertEquals(ExitCodes.FAILED, r.exitCode(), r.toString());
        assertEquals(-32601, FakeDaemon.json(r.out()).path("error").path("code").asInt(), r.out());
    }

    @Test
    void rpcRefusesParamsThatAreNotJson() {
        var r = new CliRun(root, FakeDaemon.up()).run("rpc", "status", "{session:");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("not valid JSON"), r.err());
    }

    @Test
    void rpcRefusesParamsThatAreNotAnObject() {
        var daemon = FakeDaemon.up();
        var r = new CliRun(root, daemon).run("rpc", "status", "[\"api\"]");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("must be a JSON object"), r.err());
        assertTrue(daemon.sent.isEmpty());
    }

    @Test
    void rpcFollowPrintsTheReplyThenNotificationsUntilTheEnd() {
        var daemon = FakeDaemon.up().result("subscribe", "{\"subscription\": \"s\"}").notifications("subscribe",
                FakeDaemon.notification("session_state", "{\"subscription\":\"s\",\"session\":\"a\"}"),
                FakeDaemon.notification("subscription_end", "{\"subscription\":\"s\",\"reason\":\"cancelled\"}"));
        var r = new CliRun(root, daemon).run("rpc", "subscribe", "--follow");
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        assertEquals("s", FakeDaemon.json(lines[0]).path("result").path("subscription").asText());
        assertEquals("subscription_end", FakeDaemon.json(lines[2]).path("method").asText());
    }

    @Test
    void unexpectedFailurePrintsOneLineAndTheDebugHint() {
        var daemon = FakeDaemon.up().answer("list", p -> {
            throw new IllegalStateException("boom");
        });
        var r = new CliRun(root, daemon).run("supervisor", "list");
        assertEquals(ExitCodes.FAILED, r.exitCode());
        assertEquals("wire: unexpected error: java.lang.IllegalStateException: boom\n(run with WIRE_DEBUG=1 for details)\n", r.err());
    }

    @Test
    void wireDebugPrintsTheStackTrace() {
        var daemon = FakeDaemon.up().answer("list", p -> {
            throw new IllegalStateException("boom");
        });
        var run = new CliRun(root, daemon);
        run.env.put("WIRE_DEBUG", "1");
        var r = run.run("supervisor", "list");
        assertEquals(ExitCodes.FAILED, r.exitCode());
        assertTrue(r.err().contains("\tat "), r.err());
    }
}
