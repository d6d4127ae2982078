package wire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command tree: usage errors, global options in either position, honest placeholders. */
class CommandLineTest {
    private static final String LIST = """
            {"supervisor": {"pid": 1, "root": "/r"}, "sessions": [], "unmanaged": []}""";

    @TempDir
    Path root;

    @Test
    void unknownCommandIsAUsageErrorWithTheCommandsSynopsis() {
        var r = new CliRun(root, FakeDaemon.up()).run("supervisor", "frobnicate");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("'frobnicate'"), r.err());
        assertTrue(r.err().contains("Usage: wire supervisor"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        var r = new CliRun(root, FakeDaemon.up()).run("supervisor", "list", "--colour");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--colour"), r.err());
        assertTrue(r.err().contains("Try 'wire supervisor list --help'"), r.err());
    }

    @Test
    void noCommandIsAUsageError() {
        var r = new CliRun(root, FakeDaemon.up()).run();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("missing command"), r.err());
    }

    @Test
    void badSessionNameIsAUsageErrorNamingTheProblem() {
        var daemon = FakeDaemon.up();
        var r = new CliRun(root, daemon).run("supervisor", "status", "../etc");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("\"../etc\""), r.err());
        assertTrue(daemon.sent.isEmpty(), "a bad name never reaches the daemon");
    }

    @Test
    void jsonWorksBeforeTheCommand() {
        var r = new CliRun(root, FakeDaemon.up().result("list", LIST)).run("--json", "supervisor", "list");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertEquals(FakeDaemon.json(LIST), FakeDaemon.json(r.out()));
    }

    @Test
    void jsonWorksAfterTheCommand() {
        var r = new CliRun(root, FakeDaemon.up().result("list", LIST)).run("supervisor", "list", "--json");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertEquals(FakeDaemon.json(LIST), FakeDaemon.json(r.out()));
    }

    @Test
    void jsonWorksBetweenGroupAndCommand() {
        var r = new CliRun(root, FakeDaemon.up().result("list", LIST)).run("supervisor", "--json", "list");
        assertEquals(FakeDaemon.json(LIST), FakeDaemon.json(r.out()));
    }

    @Test
    void socketOptionPicksTheSocketBeforeOrAfterTheCommand() {
        var daemon = FakeDaemon.up().result("list", LIST);
        var run = new CliRun(root, daemon);
        run.run("--socket", "/tmp/a.sock", "supervisor", "list");
        run.run("supervisor", "list", "--socket", "/tmp/b.sock");
        run.run("supervisor", "list");
        assertEquals(java.util.List.of(Path.of("/tmp/a.sock"), Path.of("/tmp/b.sock"), run.socket()), daemon.sockets);
    }

    @Test
    void wireSocketFromTheEnvironmentIsUsedWithoutTheOption() {
        var daemon = FakeDaemon.up().result("list", LIST);
        var run = new CliRun(root, daemon);
        run.env.put("WIRE_SOCKET", "/tmp/env.sock");
        run.run("supervisor", "list");
        assertEquals(java.util.List.of(Path.of("/tmp/env.sock")), daemon.sockets);
    }

    @Test
    void targetsNeedExactlyOneSelector() {
        var run = new CliRun(root, FakeDaemon.up());
        assertEquals(ExitCodes.USAGE, run.run("supervisor", "start").exitCode());
        assertEquals(ExitCodes.USAGE, run.run("supervisor", "stop", "api", "--all").exitCode());
        assertEquals(ExitCodes.USAGE, run.run("supervisor", "start", "--stale").exitCode(), "--stale is restart's alone");
        assertEquals(ExitCodes.USAGE, run.run("supervisor", "restart", "--all", "--stale").exitCode());
    }

    @Test
    void targetsBecomeTheProtocolsSelectors() {
        var daemon = FakeDaemon.up().result("start", "{\"name\":\"a\",\"state\":\"running\",\"pid\":7}")
                .result("stop", "{\"results\":[]}").result("restart", "{\"results\":[]}");
        var run = new CliRun(root, daemon);
        run.run("supervisor", "start", "a");
        run.run("supervisor", "stop", "a", "b", "--grace", "3");
        run.run("supervisor", "restart", "--stale");
        run.run("supervisor", "restart", "--all");
        assertEquals("{\"session\":\"a\"}", daemon.sent.get(0).params().toString());
        assertEquals("{\"sessions\":[\"a\",\"b\"],\"grace_seconds\":3}", daemon.sent.get(1).params().toString());
        assertEquals("{\"stale\":true}", daemon.sent.get(2).params().toString());
        assertEquals("{\"all\":true}", daemon.sent.get(3).params().toString());
    }

    @Test
    void daemonOptionsThatDoNotFitTheModeAreUsageErrors() {
        var run = new CliRun(root, FakeDaemon.up());
        assertEquals(ExitCodes.USAGE, run.run("daemon", "--all-sessions", "--interval", "2").exitCode());
        assertEquals(ExitCodes.USAGE, run.run("daemon", "--foreground").exitCode());
        assertEquals(ExitCodes.USAGE, run.run("daemon", "--all-sessions", "--registry-poll", "0").exitCode());
    }

    @Test
    void helpExitsZeroAndListsTheCommands() {
        var r = new CliRun(root, FakeDaemon.up()).run("supervisor", "--help");
        assertEquals(ExitCodes.OK, r.exitCode());
        for (String verb : new String[] {"list", "status", "start", "stop", "restart", "reload", "logs", "events",
            "shutdown", "install", "uninstall", "version"}) {
            assertTrue(r.out().contains("  " + verb), verb + " in\n" + r.out());
        }
    }
}
