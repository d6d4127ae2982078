package wire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import wire.supervisor.SupervisorLock;

/**
 * DESIGN.md, "Mutating commands bring the daemon up": the decisions of {@link Autospawn} with a
 * fake daemon that comes up when the (recorded) starter runs.
 */
class AutospawnTest {
    @TempDir
    Path root;

    final FakeDaemon daemon = FakeDaemon.up().result("start", "{\"name\": \"api\", \"state\": \"running\"}");
    final List<Map<String, String>> starts = new ArrayList<>();
    final Map<String, String> env = new HashMap<>();
    final MovableClock clock = new MovableClock(Instant.parse("2025-03-04T05:06:07Z"));
    /** Probes that fail before the daemon answers even without a start (a service coming up). */
    final AtomicInteger downProbesLeft = new AtomicInteger(Integer.MAX_VALUE);
    DaemonStarter.Outcome outcome = new DaemonStarter.Outcome(true, 4242, "wire: supervisor started");
    boolean started;

    final DaemonConnector connector = socket -> {
        if (!started && downProbesLeft.getAndDecrement() > 0) {
            throw new DaemonDown(socket, Files.exists(socket, LinkOption.NOFOLLOW_LINKS) ? "stale" : "no socket file");
        }
        return daemon.connect(socket);
    };

    final DaemonStarter starter = (startEnv, budget) -> {
        starts.add(startEnv);
        started = outcome.ok();
        return outcome;
    };

    AutospawnTest() {
        env.put("HOME", "/nonexistent-home");
    }

    @Test
    void aDownDaemonIsStartedAndTheChangeGoesThrough() {
        var r = run("supervisor", "start", "api");
        assertEquals(0, r.code(), r.toString());
        assertEquals(1, starts.size());
        assertEquals(List.of("start"), daemon.methods());
        assertTrue(r.err().contains("started the supervisor (pid 4242, log " + root.resolve("supervisor.log")), r.err());
    }

    @Test
    void readOnlyCommandsNeverStartIt() {
        assertEquals(ExitCodes.UNREACHABLE, run("supervisor", "list").code());
        assertEquals(ExitCodes.UNREACHABLE, run("supervisor", "status").code());
        assertEquals(List.of(), starts);
    }

    @Test
    void wireNoAutospawnTurnsItOffButAnEmptyValueCountsAsUnset() {
        env.put("WIRE_NO_AUTOSPAWN", "1");
        var r = run("supervisor", "start", "api");
        assertEquals(ExitCodes.UNREACHABLE, r.code(), r.toString());
        assertTrue(r.err().contains("WIRE_NO_AUTOSPAWN=1"), r.err());
        assertEquals(List.of(), starts);

        env.put("WIRE_NO_AUTOSPAWN", "");
        assertEquals(0, run("supervisor", "start", "api").code());
        assertEquals(1, starts.size());
    }

    @Test
    void aProcessInsideASessionNeverStartsTheSupervisor() {
        env.put("WIRE_HOME", root.resolve("sessions/api").toString());
        var r = run("supervisor", "restart", "api");
        assertEquals(ExitCodes.UNREACHABLE, r.code(), r.toString());
        assertTrue(r.err().contains("from inside a session (WIRE_HOME="), r.err());
        assertEquals(List.of(), starts);
    }

    @Test
    void anExplicitSocketIsNeverAutospawnedFor() {
        var r = run("--socket", root.resolve("other.sock").toString(), "supervisor", "start", "api");
        assertEquals(ExitCodes.UNREACHABLE, r.code(), r.toString());
        assertTrue(r.err().contains("--socket"), r.err());
        assertEquals(List.of(), starts);
    }

    @Test
    void aFailedStartIsReportedWithItsCommandAndRememberedFor30Seconds() {
        outcome = new DaemonStarter.Outcome(false, 0, "wire: the supervisor exited at start (exit code 1); the end of "
                + "supervisor.log:\n  | boom\n  command: /usr/bin/java -cp wire.jar wire.cli.Main daemon --all-sessions");
        var first = run("supervisor", "start", "api");
        assertEquals(ExitCodes.UNREACHABLE, first.code(), first.toString());
        assertTrue(first.err().contains("| boom"), first.err());
        assertTrue(first.err().contains("command: /usr/bin/java"), first.err());
        assertTrue(Files.exists(root.resolve(Autospawn.FAILURE_MARKER)));

        clock.plus(Duration.ofSeconds(29));
        var again = run("supervisor", "start", "api");
        assertEquals(ExitCodes.UNREACHABLE, again.code());
        assertEquals(1, starts.size(), "not retried within 30 s");
        assertTrue(again.err().contains("failed to start 29 s ago"), again.err());
        assertTrue(again.err().contains("| boom"), "the earlier diagnosis is shown again: " + again.err());

        clock.plus(Duration.ofSeconds(2));
        outcome = new DaemonStarter.Outcome(true, 4243, "ok");
        assertEquals(0, run("supervisor", "start", "api").code());
        assertEquals(2, starts.size());
        assertFalse(Files.exists(root.resolve(Autospawn.FAILURE_MARKER)), "a success clears the marker");
    }

    @Test
    void aStaleSocketFileIsRemovedBeforeTheStart() throws Exception {
        Path socket = root.resolve("supervisor.sock");
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(socket));
        }
        List<Boolean> socketThereAtStart = new ArrayList<>();
        DaemonStarter checking = (e, b) -> {
            socketThereAtStart.add(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
            return starter.start(e, b);
        };
        var r = run(context(checking), "supervisor", "start", "api");
        assertEquals(0, r.code(), r.toString());
        assertEquals(List.of(false), socketThereAtStart);
        assertTrue(r.err().contains("removed the stale socket"), r.err());
    }

    @Test
    void aDaemonHoldingTheRootLockIsWaitedForNeverDuplicated() throws Exception {
        try (var held = SupervisorLock.tryAcquire(root).orElseThrow()) {
            CliFailure f = assertThrows(CliFailure.class, () -> autospawn(Duration.ofMillis(300)).bringUp(down()));
            assertEquals(ExitCodes.UNREACHABLE, f.exitCode());
            assertTrue(f.getMessage().contains("a supervisor holds " + root.resolve("supervisor.lock")), f.getMessage());

            downProbesLeft.set(3); // it comes up while we wait
            try (DaemonClient c = autospawn(Duration.ofSeconds(5)).bringUp(down())) {
                assertTrue(c != null);
            }
        }
        assertEquals(List.of(), starts);
    }

    @Test
    void whenAnInstalledServiceOwnsTheRootItIsWaitedForInsteadOfRaced() throws Exception {
        env.put("XDG_CONFIG_HOME", root.resolve("config").toString());
        Path unit = ServiceFiles.systemdUnit(env);
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, ServiceFiles.systemd(List.of("/bin/java"), ServiceFiles.serviceEnv(env, root)));

        CliFailure f = assertThrows(CliFailure.class, () -> autospawn(Duration.ofMillis(300)).bringUp(down()));
        assertTrue(f.getMessage().contains("systemctl --user status wire-supervisor.service"), f.getMessage());
        assertTrue(f.getMessage().contains("not starting a second one"), f.getMessage());

        downProbesLeft.set(3);
        try (DaemonClient c = autospawn(Duration.ofSeconds(5)).bringUp(down())) {
            assertTrue(c != null);
        }
        assertEquals(List.of(), starts, "never spawned next to a service");
    }

    @Test
    void aServiceForAnotherRootDoesNotStopAutospawn() throws Exception {
        env.put("XDG_CONFIG_HOME", root.resolve("config").toString());
        Path unit = ServiceFiles.systemdUnit(env);
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, ServiceFiles.systemd(List.of("/bin/java"),
                ServiceFiles.serviceEnv(env, Path.of("/elsewhere"))));
        assertEquals(0, run("supervisor", "start", "api").code());
        assertEquals(1, starts.size());
    }

    // ---- helpers ----

    private Autospawn autospawn(Duration budget) {
        CliContext ctx = context(starter);
        return new Autospawn(ctx, ctx.defaultSocket(), new PrintWriter(new StringWriter()), budget, budget,
                Duration.ofMillis(10));
    }

    private DaemonDown down() {
        return new DaemonDown(root.resolve("supervisor.sock"), "no socket file");
    }

    private CliContext context(DaemonStarter s) {
        Map<String, String> e = new HashMap<>(env);
        e.put("WIRE_ROOT", root.toString());
        return new CliContext(e, connector, clock, s, SystemCommands.NONE);
    }

    private Result run(String... args) {
        return run(context(starter), args);
    }

    private static Result run(CliContext ctx, String... args) {
        CommandLine cl = Cli.commandLine(ctx);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    record Result(int code, String out, String err) {}

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void plus(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
