package wire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code wire supervisor install | uninstall}: the files written, the manager commands run (through
 * a recording {@link SystemCommands}, never the real systemctl), idempotence, and the manual
 * fallback where no user manager can be reached.
 */
class ServiceInstallTest {
    @TempDir
    Path dir;

    final List<String> ran = new ArrayList<>();
    final Map<String, SystemCommands.Result> answers = new HashMap<>();
    final Map<String, String> env = new HashMap<>();
    DaemonConnector connector = FakeDaemon.down();

    final SystemCommands commands = argv -> {
        String line = String.join(" ", argv);
        ran.add(line);
        return answers.getOrDefault(line, new SystemCommands.Result(0, ""));
    };

    Path root() {
        return dir.resolve("state/wire");
    }

    Path unit() {
        return dir.resolve("config/systemd/user/wire-supervisor.service");
    }

    void setUpEnv() {
        env.put("HOME", dir.resolve("home").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("WIRE_ROOT", root().toString());
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    }

    @Test
    void installWritesTheUnitEnablesItAndHintsAtLinger() throws Exception {
        setUpEnv();
        var r = run("supervisor", "install");
        assertEquals(0, r.code(), r.toString());
        String unit = Files.readString(unit());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertTrue(unit.contains("\nExecStart=" + java + " "), unit);
        assertTrue(unit.contains(" wire.supervisor.SupervisorMain --registry-poll 300\n"), unit);
        assertTrue(unit.contains("\nEnvironment=WIRE_ROOT=" + root() + "\n"), unit);
        assertTrue(unit.contains("\nEnvironment=PATH=/usr/local/bin:/usr/bin:/bin\n"), unit);
        for (String line : List.of("Restart=always", "KillMode=process", "SuccessExitStatus=143",
                "WantedBy=default.target", "[Service]", "[Install]")) {
            assertTrue(unit.contains("\n" + line + "\n"), line + " in\n" + unit);
        }
        assertEquals(List.of("systemctl --user daemon-reload", "systemctl --user enable --now wire-supervisor.service"),
                ran);
        assertTrue(r.out().startsWith("wire: wrote " + unit() + "\n"), r.out());
        assertTrue(r.out().contains("loginctl enable-linger $USER"), r.out());
        assertEquals(ServiceFiles.Manager.SYSTEMD, ServiceFiles.installedFor(env, root()).orElseThrow());
    }

    @Test
    void installingAgainChangesNothingAndSaysUnchanged() throws Exception {
        setUpEnv();
        run("supervisor", "install");
        FileTime before = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(unit(), before);
        ran.clear();
        var r = run("supervisor", "install");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("wire: unchanged: " + unit()), r.out());
        assertEquals(before, Files.getLastModifiedTime(unit()), "not rewritten");
        assertFalse(ran.contains("systemctl --user restart wire-supervisor.service"), ran.toString());
    }

    @Test
    void aChangedUnitIsReplacedAndTheServiceRestarted() throws Exception {
        setUpEnv();
        Files.createDirectories(unit().getParent());
        Files.writeString(unit(), "[Service]\nExecStart=/old/java\n");
        var r = run("supervisor", "install");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("wire: updated " + unit()), r.out());
        assertTrue(Files.readString(unit()).contains("wire.supervisor.SupervisorMain"));
        assertEquals("systemctl --user restart wire-supervisor.service", ran.getLast());
    }

    @Test
    void withoutAUserManagerTheUnitStaysAndTheManualCommandsArePrinted() throws Exception {
        setUpEnv();
        answers.put("systemctl --user daemon-reload",
                new SystemCommands.Result(1, "Failed to connect to bus: No medium found\n"));
        var r = run("supervisor", "install");
        assertEquals(ExitCodes.FAILED, r.code(), r.toString());
        assertTrue(Files.exists(unit()));
        assertEquals("""
                wire: wrote %s
                wire: cannot reach the systemd user manager (systemctl --user daemon-reload: Failed to connect to bus: No medium found)
                wire: the unit is in place; to enable it, run where your user manager runs (a login session):
                  systemctl --user daemon-reload
                  systemctl --user enable --now wire-supervisor.service
                wire: to keep the supervisor running while you are logged out (and start it at boot):
                  loginctl enable-linger $USER
                """.formatted(unit()), r.out());
        assertEquals(List.of("systemctl --user daemon-reload"), ran);
    }

    @Test
    void aSupervisorRunningByHandIsHandedOverToTheService() throws Exception {
        setUpEnv();
        FakeDaemon running = FakeDaemon.up()
                .result("list", "{\"supervisor\": {\"pid\": 77, \"managed_by\": \"none\"}, \"sessions\": []}")
                .result("shutdown", "{\"stopping\": []}");
        connector = socket -> {
            if (running.methods().contains("shutdown")) {
                throw new DaemonDown(socket, "gone");
            }
            return running.connect(socket);
        };
        var r = run("supervisor", "install");
        assertEquals(0, r.code(), r.toString());
        assertEquals(List.of("list", "shutdown"), running.methods());
        assertEquals(false, running.sent.getLast().params().path("stop_sessions").asBoolean(true));
        assertTrue(r.out().contains("handing the running supervisor (pid 77) over to systemd"), r.out());
    }

    @Test
    void uninstallDisablesRemovesAndReloads() throws Exception {
        setUpEnv();
        run("supervisor", "install");
        ran.clear();
        var r = run("supervisor", "uninstall");
        assertEquals(0, r.code(), r.toString());
        assertFalse(Files.exists(unit()));
        assertEquals(List.of("systemctl --user disable --now wire-supervisor.service", "systemctl --user daemon-reload"),
                ran);
        assertTrue(r.out().contains("sessions keep running"), r.out());
        assertTrue(ServiceFiles.installedFor(env, root()).isEmpty());

        var again = run("supervisor", "uninstall");
        assertEquals(0, again.code());
        assertTrue(again.out().contains("no service installed"), again.out());
    }

    @Test
    void uninstallWithoutAUserManagerPrintsWhatToRun() throws Exception {
        setUpEnv();
        Files.createDirectories(unit().getParent());
        Files.writeString(unit(), "x");
        answers.put("systemctl --user disable --now wire-supervisor.service",
                new SystemCommands.Result(1, "Failed to connect to bus: No medium found"));
        var r = run("supervisor", "uninstall");
        assertEquals(ExitCodes.FAILED, r.code());
        assertFalse(Files.exists(unit()));
        assertTrue(r.out().contains("  systemctl --user disable --now wire-supervisor.service\n"), r.out());
    }

    @Test
    void unitWordsAreQuotedAndSpecifiersEscapedAndTheRootReadsBack() {
        Map<String, String> e = Map.of("HOME", "/h", "XDG_CONFIG_HOME", dir.toString());
        Path odd = Path.of("/tmp/my root/100%");
        String unit = ServiceFiles.systemd(List.of("/opt/my jdk/bin/java", "-Dx=$HOME"),
                ServiceFiles.serviceEnv(e, odd));
        assertTrue(unit.contains("ExecStart=\"/opt/my jdk/bin/java\" -Dx=$$HOME\n"), unit);
        assertTrue(unit.contains("Environment=\"WIRE_ROOT=/tmp/my root/100%%\"\n"), unit);
        assertEquals("\"a\\\"b\"", ServiceFiles.systemdWord("a\"b", true));
    }

    @Test
    void theLaunchdAgentRunsAtLoadStaysAliveAndAbandonsItsChildren() {
        Path root = Path.of("/Users/me/state/wire");
        String plist = ServiceFiles.launchd(List.of("/jdk/bin/java", "-cp", "/a&b/wire.jar", "wire.cli.Main", "daemon",
                "--all-sessions", "--foreground"), ServiceFiles.serviceEnv(Map.of(), root), root);
        for (String part : List.of("<key>Label</key>\n  <string>wire.supervisor</string>",
                "<key>RunAtLoad</key>\n  <true/>", "<key>KeepAlive</key>\n  <true/>",
                "<key>AbandonProcessGroup</key>\n  <true/>", "<string>/a&amp;b/wire.jar</string>",
                "<string>--foreground</string>", "<key>WIRE_ROOT</key>\n    <string>/Users/me/state/wire</string>",
                "<key>StandardErrorPath</key>\n  <string>/Users/me/state/wire/supervisor.log</string>")) {
            assertTrue(plist.contains(part), part + " in\n" + plist);
        }
    }

    private Result run(String... args) {
        Map<String, String> e = new HashMap<>(env);
        CliContext ctx = new CliContext(e, socket -> connector.connect(socket), Clock.systemUTC(), DaemonStarter.NONE,
                commands);
        CommandLine cl = Cli.commandLine(ctx);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Result(cl.execute(args), out.toString(), err.toString());
    }

    record Result(int code, String out, String err) {}
}
