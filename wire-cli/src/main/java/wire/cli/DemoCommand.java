package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import wire.ipc.WirePaths;
import wire.protocol.Json;
import wire.supervisor.Daemons;
import wire.supervisor.RegistryOptions;

/**
 * {@code wire demo [--stop]}: a sandbox root with example sessions (a healthy worker, a
 * crash-looping one that shows backoff, a chatty logger, and one running the built-in
 * {@code wire daemon}) under a live supervisor, then the commands to poke it. {@code --stop}
 * shuts that supervisor down with its sessions and removes the sandbox.
 */
@Command(name = "demo", description = "Run a sandbox supervisor with example sessions (--stop removes it).")
final class DemoCommand implements Callable<Integer> {
    private static final Duration SETTLE = Duration.ofSeconds(10);

    @Mixin
    GlobalOptions global;

    @Option(names = "--stop", description = "Stop the demo supervisor and its sessions, and remove the sandbox.")
    boolean stop;

    @Override
    public Integer call() throws Exception {
        Wire wire = global.wire();
        Map<String, String> env = new HashMap<>(wire.ctx.env());
        DemoSandbox sandbox = new DemoSandbox(DemoSandbox.rootFor(env));
        env.put("WIRE_ROOT", sandbox.root().toString());
        env.remove("WIRE_SOCKET");
        Daemon daemon = new Daemon(wire.ctx.connector(), WirePaths.socket(env));
        return stop ? stop(wire, sandbox, daemon) : start(wire, sandbox, daemon, env);
    }

    private int start(Wire wire, DemoSandbox sandbox, Daemon daemon, Map<String, String> env) throws Exception {
        sandbox.create();
        int started = Daemons.runSupervisor(env, false, RegistryOptions.DEFAULTS);
        if (started != 0) {
            wire.err().println("wire demo: the supervisor did not start; see above");
            return ExitCodes.FAILED;
        }
        JsonNode list = awaitSettled(daemon);
        String launcher = env.getOrDefault("WIRE_LAUNCHER", "wire");
        String root = sandbox.root().toString();
        wire.out().println();
        wire.out().println("wire demo: a supervisor runs " + DemoSandbox.SESSIONS.size() + " sessions in " + root);
        wire.out().println();
        wire.out().print(ListRenderer.render(list));
        wire.out().println();
        wire.out().println("Try (crashy backs off 1, 2, 4 ... s between attempts):");
        wire.out().println("  export WIRE_ROOT=" + root);
        wire.out().println("  " + launcher + " supervisor list");
        wire.out().println("  " + launcher + " supervisor status crashy");
        wire.out().println("  " + launcher + " supervisor stop worker; " + launcher + " supervisor start worker");
        wire.out().println("  " + launcher + " supervisor restart --all");
        wire.out().println("  " + launcher + " supervisor events            # live state changes, Ctrl-C to end");
        wire.out().println("  " + launcher + " --json supervisor status keeper");
        wire.out().println("  tail -f " + root + "/sessions/chatty/state/wire/stdout.log");
        wire.out().println("  printf '%s\\n' '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"list\"}' | socat - UNIX-CONNECT:"
                + daemon.socket());
        wire.out().println("  " + launcher + " demo --stop                  # stop it all and remove " + root);
        wire.out().flush();
        return ExitCodes.OK;
    }

    /** Waits (bounded) until the healthy sessions run, so the table shows the demo at work. */
    private static JsonNode awaitSettled(Daemon daemon) throws Exception {
        Instant deadline = Instant.now().plus(SETTLE);
        JsonNode list;
        try (DaemonClient client = daemon.connect()) {
            do {
                list = client.call("list", null);
                if (running(list, "worker") && running(list, "chatty") && running(list, "keeper")) {
                    break;
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            } while (Instant.now().isBefore(deadline));
        }
        return list;
    }

    private static boolean running(JsonNode list, String session) {
        for (JsonNode s : list.path("sessions")) {
            if (s.path("name").asText().equals(session)) {
                return s.path("state").asText().equals("running");
            }
        }
        return false;
    }

    private int stop(Wire wire, DemoSandbox sandbox, Daemon daemon) throws Exception {
        if (!sandbox.isDemo()) {
            wire.out().println("wire demo: no demo sandbox at " + sandbox.root() + "; nothing to stop");
            return ExitCodes.OK;
        }
        try (DaemonClient client = daemon.connect()) {
            client.call("shutdown", Json.mapper().createObjectNode().put("stop_sessions", true));
            wire.out().println("wire demo: stopped the supervisor and every demo session");
        } catch (DaemonDown down) {
            wire.out().println("wire demo: the demo supervisor was not running");
        }
        awaitGone(daemon.socket());
        sandbox.delete();
        wire.out().println("wire demo: removed " + sandbox.root());
        return ExitCodes.OK;
    }

    /** The daemon unlinks its socket as it exits; deleting the root before that would race it. */
    private static void awaitGone(Path socket) {
        Instant deadline = Instant.now().plus(SETTLE);
        while (java.nio.file.Files.exists(socket) && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
