package wire.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Brings the supervisor up for a command that changes something (DESIGN.md, "Mutating commands
 * bring the daemon up"; seed 002), after a first connection failed:
 *
 * <ol>
 *   <li><b>Never from inside a session.</b> {@code WIRE_NO_AUTOSPAWN} set to anything but empty or
 *       {@code 0} turns autospawn off. The supervisor gives its children exactly one wire variable,
 *       {@code WIRE_HOME}, and strips every other {@code WIRE_*} (so it cannot hand them
 *       {@code WIRE_NO_AUTOSPAWN}); a set {@code WIRE_HOME} therefore is the recursion guard: a
 *       session's process (or anything it starts) never starts a supervisor.
 *   <li><b>A service owns it:</b> when {@code wire supervisor install} wrote a systemd unit or
 *       launchd agent for this root, the manager restarts the daemon; the CLI waits for the socket
 *       instead of racing it, and spawns nothing.
 *   <li><b>A recent failure</b> ({@code supervisor.spawn-failed}, younger than 30 s) is reported
 *       again instead of spawning a broken install on every call.
 *   <li><b>Spawn under {@code supervisor.spawn.lock}</b>, an OS file lock: the kernel drops it when
 *       its holder dies however it dies, so a dead holder never blocks anyone and there is no pid
 *       to check or reuse to fear. Callers that find it held wait for the socket instead. The holder
 *       probes again, then asks the supervisor lock: if no daemon holds it, a leftover socket file
 *       is stale and is removed; if one does, it is starting and is waited for, not duplicated.
 *   <li>Waits for the socket within a budget; a failure prints the command that was run and the end
 *       of {@code supervisor.log}, and leaves the marker.
 * </ol>
 * Whatever happens here, the supervisor's own lock still guarantees one daemon per root.
 */
final class Autospawn {
    static final String SPAWN_LOCK = "supervisor.spawn.lock";
    static final String FAILURE_MARKER = "supervisor.spawn-failed";
    static final Duration FAILURE_MEMORY = Duration.ofSeconds(30);

    private final CliContext ctx;
    private final Path socket;
    private final PrintWriter err;
    private final Duration spawnBudget;
    private final Duration serviceBudget;
    private final Duration pollEvery;

    Autospawn(CliContext ctx, Path socket, PrintWriter err) {
        this(ctx, socket, err, Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofMillis(100));
    }

    Autospawn(CliContext ctx, Path socket, PrintWriter err, Duration spawnBudget, Duration serviceBudget,
            Duration pollEvery) {
        this.ctx = ctx;
        this.socket = socket;
        this.err = err;
        this.spawnBudget = spawnBudget;
        this.serviceBudget = serviceBudget;
        this.pollEvery = pollEvery;
    }

    /** Why autospawn must not run in this environment, or null when it may. */
    static String refusal(Map<String, String> env) {
        String off = env.get("WIRE_NO_AUTOSPAWN");
        if (off != null && !off.isEmpty() && !off.equals("0")) {
            return "not started automatically: WIRE_NO_AUTOSPAWN=" + off;
        }
        String home = env.get("WIRE_HOME");
        if (home != null && !home.isEmpty()) {
            return "not started automatically from inside a session (WIRE_HOME=" + home + ")";
        }
        return null;
    }

    /** A client of a supervisor that answers, started or waited for; else why not. */
    DaemonClient bringUp(DaemonDown down) throws DaemonDown, CliFailure, IOException, InterruptedException {
        String refusal = refusal(ctx.env());
        if (refusal == null && !socket.equals(ctx.defaultSocket())) {
            refusal = "not started automatically for --socket " + socket;
        }
        if (refusal != null) {
            throw new DaemonDown(socket, down.getMessage() + "; " + refusal);
        }
        Path root = ctx.root();
        Optional<ServiceFiles.Manager> service = ServiceFiles.installedFor(ctx.env(), root);
        if (service.isPresent()) {
            Optional<DaemonClient> up = awaitSocket(serviceBudget);
            if (up.isPresent()) {
                return up.get();
            }
            ServiceFiles.Manager m = service.get();
            throw unreachable("the " + m.what + " " + ServiceFiles.file(m, ctx.env()) + " runs the supervisor, but it "
                    + "did not answer on " + socket + " within " + serviceBudget.toSeconds() + " s; not starting a "
                    + "second one. Check: " + ServiceFiles.statusCommand(m));
        }
        Path marker = root.resolve(FAILURE_MARKER);
        Optional<Duration> age = age(marker, ctx.clock());
        if (age.isPresent() && age.get().compareTo(FAILURE_MEMORY) < 0) {
            throw unreachable("the supervisor failed to start " + age.get().toSeconds() + " s ago; not trying again "
                    + "for " + FAILURE_MEMORY.toSeconds() + " s (delete " + marker + " to retry now). That attempt:\n"
                    + read(marker));
        }
        createPrivateDir(root);
        long deadline = System.nanoTime() + spawnBudget.toNanos();
        try (FileChannel lockFile = FileChannel.open(root.resolve(SPAWN_LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock acquired;
            while ((acquired = lockFile.tryLock()) == null) {
                Optional<DaemonClient> up = probe();
                if (up.isPresent()) {
                    return up.get(); // whoever holds the lock brought it up
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw unreachable("another wire command is starting the supervisor (it holds "
                            + root.resolve(SPAWN_LOCK) + ") and it did not answer on " + socket + " within "
                            + spawnBudget.toSeconds() + " s; see " + root.resolve("supervisor.log"));
                }
                Thread.sleep(pollEvery);
            }
            try (FileLock lock = acquired) {
                return spawnHoldingLock(root, marker);
            }
        }
    }

    private DaemonClient spawnHoldingLock(Path root, Path marker) throws DaemonDown, CliFailure, IOException,
            InterruptedException {
        Optional<DaemonClient> up = probe();
        if (up.isPresent()) {
            return up.get();
        }
        if (!clearIfStale(root)) {
            // A daemon holds the root but does not answer yet: it is starting. Wait, never duplicate.
            return awaitSocket(spawnBudget).orElseThrow(() -> unreachable("a supervisor holds "
                    + root.resolve("supervisor.lock") + " but did not answer on " + socket + " within "
                    + spawnBudget.toSeconds() + " s; see " + root.resolve("supervisor.log")));
        }
        DaemonStarter.Outcome outcome;
        try {
            outcome = ctx.starter().start(ctx.env(), spawnBudget);
        } catch (IOException | RuntimeException e) {
            outcome = new DaemonStarter.Outcome(false, 0, "wire: could not start the supervisor: " + e);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            outcome = new DaemonStarter.Outcome(false, 0, "wire: could not start the supervisor: " + e);
        }
        if (!outcome.ok()) {
            writeMarker(marker, outcome.message());
            throw unreachable(strip(outcome.message()));
        }
        Files.deleteIfExists(marker);
        if (outcome.pid() > 0) {
            err.println("wire: started the supervisor (pid " + outcome.pid() + ", log " + root.resolve("supervisor.log")
                    + ")");
            err.flush();
        }
        return awaitSocket(Duration.ofSeconds(2)).orElseThrow(() -> unreachable(
                "the supervisor started but then stopped answering on " + socket));
    }

    /**
     * True when no daemon holds the root (the supervisor's own lock is free), after removing a
     * socket file left behind by a crashed one; false when a daemon holds it.
     */
    private boolean clearIfStale(Path root) throws IOException {
        Optional<wire.supervisor.SupervisorLock> held = wire.supervisor.SupervisorLock.tryAcquire(root);
        if (held.isEmpty()) {
            return false;
        }
        try (var lock = held.get()) {
            if (Files.deleteIfExists(socket)) {
                err.println("wire: removed the stale socket " + socket);
            }
            return true;
        }
    }

    private Optional<DaemonClient> probe() {
        try {
            return Optional.of(ctx.connector().connect(socket));
        } catch (DaemonDown d) {
            return Optional.empty();
        }
    }

    private Optional<DaemonClient> awaitSocket(Duration budget) throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos(); // monotonic: a clock jump must not cut it short
        while (true) {
            Optional<DaemonClient> up = probe();
            if (up.isPresent() || System.nanoTime() - deadline >= 0) {
                return up;
            }
            Thread.sleep(pollEvery);
        }
    }

    private static Optional<Duration> age(Path marker, Clock clock) {
        try {
            FileTime t = Files.getLastModifiedTime(marker);
            Duration age = Duration.between(t.toInstant(), clock.instant());
            // A marker from the future (a clock set back) counts as fresh only within the window.
            return Optional.of(age.isNegative() ? age.negated() : age);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void writeMarker(Path marker, String message) {
        try {
            Files.writeString(marker, message + "\n", StandardCharsets.UTF_8);
            Files.setLastModifiedTime(marker, FileTime.from(ctx.clock().instant()));
        } catch (IOException e) {
            // best effort: without it the next call simply tries again
        }
    }

    private static String read(Path marker) {
        try {
            return strip(Files.readString(marker, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String strip(String message) {
        String s = message.strip();
        return s.startsWith("wire: ") ? s.substring("wire: ".length()) : s;
    }

    private static CliFailure unreachable(String message) {
        return new CliFailure(ExitCodes.UNREACHABLE, message);
    }

    private static void createPrivateDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
