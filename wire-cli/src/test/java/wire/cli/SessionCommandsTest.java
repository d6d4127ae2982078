package wire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wire.protocol.ParsedSpec;
import wire.protocol.RestartPolicy;
import wire.protocol.SessionSpec;
import wire.protocol.SessionSpecParser;

/** {@code wire session ...} on files alone. */
class SessionCommandsTest {
    @TempDir
    Path root;

    @TempDir
    Path workdir;

    @Test
    void newWritesASessionJsonTheProtocolParserAccepts() throws IOException {
        var run = new CliRun(root, FakeDaemon.down());
        var r = run.run("session", "new", "api", "--cwd", workdir.toString(), "--env", "A=1", "--env", "B=x=y",
                "--restart", "on-failure", "--no-autostart", "--", "/usr/bin/python3", "-m", "worker");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        Path file = run.home("api").resolve("session.json");
        assertEquals(file + "\n", r.out());
        SessionSpec spec = assertInstanceOf(ParsedSpec.Valid.class, SessionSpecParser.parse(Files.readString(file))).spec();
        assertEquals(List.of("/usr/bin/python3", "-m", "worker"), spec.command());
        assertEquals(workdir.toString(), spec.cwd());
        assertEquals(Map.of("A", "1", "B", "x=y"), spec.env());
        assertEquals(RestartPolicy.ON_FAILURE, spec.restart());
        assertFalse(spec.autostart());
        assertTrue(Files.isDirectory(run.home("api").resolve("state/wire")));
        try (var leftovers = Files.list(run.home("api"))) {
            assertEquals(2, leftovers.count(), "session.json and state/, no temp file");
        }
    }

    @Test
    void newWithoutCommandRunsTheBuiltInDaemon() throws IOException {
        var run = new CliRun(root, FakeDaemon.down());
        assertEquals(ExitCodes.OK, run.run("session", "new", "plain").exitCode());
        SessionSpec spec = assertInstanceOf(ParsedSpec.Valid.class,
                SessionSpecParser.parse(Files.readString(run.home("plain").resolve("session.json")))).spec();
        assertNull(spec.command());
        assertTrue(run.run("session", "list").out().contains(SessionList.BUILT_IN));
    }

    @Test
    void newRefusesAnExistingSession() {
        var run = new CliRun(root, FakeDaemon.down());
        run.run("session", "new", "api");
        var r = run.run("session", "new", "api", "--", "true");
        assertEquals(ExitCodes.FAILED, r.exitCode(), r.toString());
        assertTrue(r.err().contains("already exists"), r.err());
    }

    @Test
    void newRefusesABadNameWithoutTouchingTheDisk() {
        var run = new CliRun(root, FakeDaemon.down());
        for (String bad : new String[] {"Api", "..", "a/b", "_x", "caf\u00e9", "x".repeat(64)}) {
            var r = run.run("session", "new", bad);
            assertEquals(ExitCodes.USAGE, r.exitCode(), bad + ": " + r);
            assertTrue(r.err().startsWith("wire: session name"), r.err());
        }
        assertFalse(Files.exists(root.resolve("sessions").resolve("Api")));
        assertEquals(ExitCodes.USAGE, run.run("session", "new", "").exitCode(), "an empty name");
    }

    @Test
    void newRefusesWireVariablesWithTheJsonPath() {
        var run = new CliRun(root, FakeDaemon.down());
        var r = run.run("session", "new", "api", "--env", "WIRE_X=1");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("$.env.WIRE_X"), r.err());
        assertFalse(Files.exists(run.home("api")), "a refused spec leaves nothing behind");
    }

    @Test
    void newRefusesMalformedOptions() {
        var run = new CliRun(root, FakeDaemon.down());
        assertEquals(ExitCodes.USAGE, run.run("session", "new", "a", "--env", "NOEQUALS").exitCode());
        assertEquals(ExitCodes.USAGE, run.run("session", "new", "a", "--restart", "sometimes").exitCode());
        assertEquals(ExitCodes.USAGE, run.run("session", "new", "a", "--cwd", workdir.resolve("missing").toString()).exitCode());
    }

    @Test
    void listShowsBoundCwdCommandAndValidity() throws IOException {
        var run = new CliRun(root, FakeDaemon.down());
        run.run("session", "new", "api", "--cwd", workdir.toString(), "--", "sleep", "5");
        Files.createDirectories(run.home("bad"));
        Files.writeString(run.home("bad").resolve("session.json"), "{\"restart\": 3}");
        Files.createDirectories(root.resolve("sessions/.removed/old-1"));
        var r = run.run("session", "list");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[1].matches("api +" + workdir + " +sleep 5 +valid"), lines[1]);
        assertTrue(lines[2].matches("bad +- +- +invalid: \\$\\.restart: .*"), lines[2]);
    }

    @Test
    void showPrintsTheFileAndItsProblems() throws IOException {
        var run = new CliRun(root, FakeDaemon.down());
        Files.createDirectories(run.home("bad"));
        Files.writeString(run.home("bad").resolve("session.json"), "{\"restart\": 3, \"colour\": 1}");
        var r = run.run("session", "show", "bad");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("{\"restart\": 3, \"colour\": 1}\ninvalid "), r.out());
        assertTrue(r.out().contains("  $.restart: "), r.out());
        assertTrue(r.out().contains("  $.colour: "), r.out());
    }

    @Test
    void showOfAnUnknownSessionSaysWhereItLooked() {
        var r = new CliRun(root, FakeDaemon.down()).run("session", "show", "ghost");
        assertEquals(ExitCodes.FAILED, r.exitCode());
        assertTrue(r.err().contains("no session named 'ghost' (looked in " + root.resolve("sessions") + ")"), r.err());
    }

    @Test
    void rmMovesTheHomeUnderRemovedWithAUtcTimestamp() throws IOException {
        var run = new CliRun(root, FakeDaemon.down());
        run.run("session", "new", "api");
        Files.writeString(run.home("api").resolve("state/wire/stdout.log"), "keep me\n");
        var r = run.run("session", "rm", "api");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        Path moved = root.resolve("sessions/.removed/api-20250304T050607Z");
        assertEquals("keep me\n", Files.readString(moved.resolve("state/wire/stdout.log")));
        assertFalse(Files.exists(run.home("api")));
        run.run("session", "new", "api");
        assertEquals(ExitCodes.OK, run.run("session", "rm", "api").exitCode(), "a second removal in the same second");
        assertTrue(Files.isDirectory(root.resolve("sessions/.removed/api-20250304T050607Z-2")));
    }

    @Test
    void rmPurgeDeletesTheHome() {
        var run = new CliRun(root, FakeDaemon.down());
        run.run("session", "new", "api");
        assertEquals(ExitCodes.OK, run.run("session", "rm", "api", "--purge").exitCode());
        assertFalse(Files.exists(run.home("api")));
        assertFalse(Files.exists(root.resolve("sessions/.removed")));
    }

    @Test
    void rmRefusesWhileARecordedProcessIsAlive() throws IOException {
        var run = new CliRun(root, FakeDaemon.down());
        run.run("session", "new", "api");
        liveChild(run);
        var r = run.run("session", "rm", "api");
        assertEquals(ExitCodes.FAILED, r.exitCode(), r.toString());
        assertTrue(r.err().contains("use --stop"), r.err());
        assertTrue(Files.isDirectory(run.home("api")));
    }

    @Test
    void rmStopWithTheDaemonDownRefusesAndSaysSo() throws IOException {
        var run = new CliRun(root, FakeDaemon.down());
        run.run("session", "new", "api");
        liveChild(run);
        var r = run.run("session", "rm", "api", "--stop");
        assertEquals(ExitCodes.UNREACHABLE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("not reachable at " + run.socket()), r.err());
        assertTrue(Files.isDirectory(run.home("api")));
    }

    @Test
    void rmStopAsksTheDaemonToStopThenRemoves() throws IOException {
        var daemon = FakeDaemon.up();
        var run = new CliRun(root, daemon);
        run.run("session", "new", "api");
        Path child = liveChild(run);
        daemon.answer("stop", params -> {
            Files.writeString(child, "{\"pid\": " + DaemonDownTest.DEAD_PID + "}");
            return wire.protocol.Response.success(FakeDaemon.json("1"), FakeDaemon.json("{\"name\":\"api\",\"state\":\"stopped\"}"));
        });
        var r = run.run("session", "rm", "api", "--stop");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertEquals(List.of("stop"), daemon.methods());
        assertEquals(FakeDaemon.json("{\"session\":\"api\"}"), daemon.sent.getFirst().params());
        assertFalse(Files.exists(run.home("api")));
    }

    @Test
    void rmStopRefusesWhenTheProcessOutlivesTheStop() throws IOException {
        var daemon = FakeDaemon.up().result("stop", "{\"name\":\"api\",\"state\":\"stopped\"}");
        var run = new CliRun(root, daemon);
        run.run("session", "new", "api");
        liveChild(run);
        var r = run.run("session", "rm", "api", "--stop");
        assertEquals(ExitCodes.FAILED, r.exitCode(), r.toString());
        assertTrue(r.err().contains("even after stop"), r.err());
        assertTrue(Files.isDirectory(run.home("api")));
    }

    /** Records this test JVM as the session's child: a pid that is surely alive. */
    private static Path liveChild(CliRun run) throws IOException {
        Path child = run.home("api").resolve("state/wire/child.json");
        Files.writeString(child, "{\"pid\": " + ProcessHandle.current().pid() + "}");
        return child;
    }
}
