package wire.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import wire.protocol.Json;
import wire.protocol.RpcException;
import wire.supervisor.core.AtomicFiles;

/**
 * {@code wire session rm NAME [--stop] [--purge]}: moves the home to
 * {@code sessions/.removed/NAME-<UTC timestamp>/} so no data is lost by accident, or deletes it with
 * {@code --purge}. Refuses while a recorded process is alive unless {@code --stop}, which asks the
 * supervisor to stop the session first (and refuses when the supervisor cannot be reached).
 */
@Command(name = "rm", description = "Remove a session (its home moves to sessions/.removed/).")
final class SessionRm implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "NAME", description = "The session.")
    String name;

    @Option(names = "--stop", description = "Stop the session through the supervisor first.")
    boolean stop;

    @Option(names = "--purge", description = "Delete the home instead of moving it to sessions/.removed/.")
    boolean purge;

    @Override
    public Integer call() throws Exception {
        Wire wire = global.wire();
        Names.require(name);
        SessionHomes homes = new SessionHomes(wire.ctx.root());
        Path home = homes.home(name);
        if (!Files.isDirectory(home)) {
            throw CliFailure.failed(Cli.noSuchSession(name, wire.ctx));
        }
        RecordedPids pids = RecordedPids.read(home);
        if (stop) {
            stopThroughSupervisor(wire, pids);
            pids = RecordedPids.read(home);
        }
        if (pids.anyAlive()) {
            throw CliFailure.failed("session '" + name + "' is running (pid " + pids.livePid() + ")"
                    + (stop ? " even after stop; not removing it" : "; stop it first, or use --stop"));
        }
        String text;
        var result = Json.mapper().createObjectNode().put("session", name).put("home_dir", home.toString());
        if (purge) {
            deleteTree(home);
            result.putNull("moved_to");
            text = "deleted " + home + "\n";
        } else {
            Path target = moveAside(homes, home);
            result.put("moved_to", target.toString());
            text = "moved " + home + " to " + target + "\n";
        }
        wire.emit(result, text);
        return ExitCodes.OK;
    }

    private void stopThroughSupervisor(Wire wire, RecordedPids pids) throws Exception {
        Daemon daemon = wire.daemon();
        try (DaemonClient client = daemon.connectForChange()) {
            client.call("stop", Json.mapper().createObjectNode().put("session", name));
        } catch (DaemonDown down) {
            if (pids.anyAlive()) {
                throw new CliFailure(ExitCodes.UNREACHABLE, "session '" + name + "' is running (pid " + pids.livePid()
                        + ") and cannot be stopped: " + down.userMessage());
            }
        } catch (RpcException e) {
            // A session the daemon does not know (not scanned yet, invalid config) runs nothing of
            // its; only a failure to stop a live process must block the removal.
            if (pids.anyAlive()) {
                throw e;
            }
        }
    }

    private Path moveAside(SessionHomes homes, Path home) throws IOException {
        Path removed = homes.dir().resolve(".removed");
        Files.createDirectories(removed);
        String base = name + "-" + STAMP.format(global.wire().ctx.clock().instant());
        for (int n = 1; ; n++) {
            Path target = removed.resolve(n == 1 ? base : base + "-" + n);
            try {
                Files.move(home, target, StandardCopyOption.ATOMIC_MOVE);
                AtomicFiles.forceDirectory(homes.dir());
                return target;
            } catch (FileAlreadyExistsException e) {
                // Removed twice within a second: take the next free suffix.
            } catch (IOException e) {
                if (!Files.exists(target)) {
                    throw e;
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
