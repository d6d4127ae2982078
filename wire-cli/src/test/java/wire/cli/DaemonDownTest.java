package wire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no daemon: exit 3 naming the socket, and list/status fall back to what the disk says. */
class DaemonDownTest {
    /** Above Linux's largest possible pid_max (2^22), so never a live process. */
    static final long DEAD_PID = 4_194_305L;

    @TempDir
    Path root;

    @Test
    void changeWithTheDaemonDownExits3AndNamesTheSocket() {
        var run = new CliRun(root, FakeDaemon.down());
        var r = run.run("supervisor", "restart", "api");
        assertEquals(ExitCodes.UNREACHABLE, r.exitCode(), r.toString());
        assertTrue(r.err().contains(run.socket().toString()), r.err());
        assertTrue(r.err().contains("wire daemon --all-sessions"), r.err());
    }

    @Test
    void everyDaemonCommandExits3WhenTheDaemonIsDown() {
        var run = new CliRun(root, FakeDaemon.down());
        for (String[] args : new String[][] {{"supervisor", "start", "--all"}, {"supervisor", "stop", "a"},
            {"supervisor", "reload"}, {"supervisor", "logs", "a"}, {"supervisor", "events"}, {"supervisor", "shutdown"},
            {"supervisor", "version"}, {"rpc", "list"}}) {
            assertEquals(ExitCodes.UNREACHABLE, run.run(args).exitCode(), String.join(" ", args));
        }
    }

    @Test
    void offlineListShowsNotRunningFirstThenTheSessionsOnDisk() throws IOException {
        session("api", "{\"command\": [\"sleep\", \"9\"]}");
        session("broken", "{\"restart\": \"sometimes\"}");
        writeState("api", "child.json", "{\"pid\": " + ProcessHandle.current().pid() + ", \"pgid\": 1}");
        writeState("api", "daemon.pid", "{\"pid\": " + DEAD_PID + ", \"version\": \"0.0.9\"}");
        writeState("broken", "daemon.pid", "garbage{");
        var run = new CliRun(root, FakeDaemon.down());
        var r = run.run("supervisor", "list");
        assertEquals(ExitCodes.UNREACHABLE, r.exitCode(), r.toString());
        String[] lines = r.out().split("\n");
        assertEquals("supervisor: not running (socket " + run.socket() + ")", lines[0]);
        assertTrue(lines[1].startsWith("SESSION"), r.out());
        assertTrue(lines[2].matches("api +valid +" + ProcessHandle.current().pid() + " \\(alive\\) +" + DEAD_PID + " \\(dead\\) +0\\.0\\.9"), lines[2]);
        assertTrue(lines[3].matches("broken +invalid +- +- +-"), lines[3]);
    }

    @Test
    void offlineListWithJsonHasTheDocumentedShape() throws IOException {
        session("api", "{}");
        writeState("api", "daemon.pid", Long.toString(ProcessHandle.current().pid()));
        var run = new CliRun(root, FakeDaemon.down());
        var r = run.run("supervisor", "list", "--json");
        assertEquals(ExitCodes.UNREACHABLE, r.exitCode());
        JsonNode json = FakeDaemon.json(r.out());
        assertTrue(json.get("supervisor").isNull());
        assertEquals(false, json.get("daemon_running").asBoolean());
        JsonNode api = json.get("sessions").get(0);
        assertEquals("api", api.get("name").asText());
        assertTrue(api.get("valid").asBoolean());
        assertEquals(ProcessHandle.current().pid(), api.get("daemon_pid").asLong(), "a bare-integer daemon.pid counts");
        assertTrue(api.get("daemon_alive").asBoolean());
        assertTrue(r.err().contains("not running"), r.err());
    }

    @Test
    void offlineStatusOfASessionShowsItsDiskFacts() throws IOException {
        session("api", "{}");
        var r = new CliRun(root, FakeDaemon.down()).run("supervisor", "status", "api");
        assertEquals(ExitCodes.UNREACHABLE, r.exitCode());
        assertTrue(r.out().startsWith("supervisor: not running"), r.out());
        assertTrue(r.out().contains("valid:") && r.out().contains("true"), r.out());
    }

    @Test
    void offlineStatusOfAnUnknownSessionSaysWhereItLooked() {
        var r = new CliRun(root, FakeDaemon.down()).run("supervisor", "status", "ghost");
        assertEquals(ExitCodes.FAILED, r.exitCode());
        assertEquals("wire: no session named 'ghost' (looked in " + root.resolve("sessions") + ")\n", r.err());
    }

    @Test
    void offlineSupervisorStatusSaysNotRunning() {
        var r = new CliRun(root, FakeDaemon.down()).run("supervisor", "status");
        assertEquals(ExitCodes.UNREACHABLE, r.exitCode());
        assertTrue(r.out().startsWith("supervisor: not running (socket "), r.out());
    }

    @Test
    void versionWithTheDaemonDownStillPrintsTheClientVersion() {
        var r = new CliRun(root, FakeDaemon.down()).run("supervisor", "version");
        assertEquals(ExitCodes.UNREACHABLE, r.exitCode());
        assertTrue(r.out().startsWith("client: wire "), r.out());
    }

    private void session(String name, String json) throws IOException {
        Files.createDirectories(root.resolve("sessions").resolve(name));
        Files.writeString(root.resolve("sessions").resolve(name).resolve("session.json"), json);
    }

    private void writeState(String name, String file, String content) throws IOException {
        Path state = root.resolve("sessions").resolve(name).resolve("state").resolve("wire");
        Files.createDirectories(state);
        Files.writeString(state.resolve(file), content);
    }
}
