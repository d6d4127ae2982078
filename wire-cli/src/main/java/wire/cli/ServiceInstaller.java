package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import wire.protocol.Json;
import wire.supervisor.core.AtomicFiles;

/**
 * {@code wire supervisor install | uninstall}: writes or removes the service definition
 * ({@link ServiceFiles}) and asks the service manager to act on it through {@link SystemCommands}.
 *
 * <p>Install is idempotent: the same content is not rewritten ("unchanged"), a changed one (a new
 * JDK or build path, another root) is replaced and the running service restarted, which is safe
 * because its children are adopted. A supervisor already running outside the manager is asked to
 * shut down without stopping its sessions, so the service's daemon takes the root over and adopts
 * them instead of losing the lock race. Where the manager cannot be reached (no user bus: a
 * container, an SSH session without lingering), the file stays in place and the exact commands to
 * finish by hand are printed; the exit code is then 1, since nothing was enabled.
 */
final class ServiceInstaller {
    private final ServiceFiles.Manager manager;
    private final Map<String, String> env;
    private final Path root;
    private final SystemCommands commands;
    private final Daemon daemon;
    private final PrintWriter out;

    ServiceInstaller(ServiceFiles.Manager manager, Map<String, String> env, Path root, SystemCommands commands,
            Daemon daemon, PrintWriter out) {
        this.manager = manager;
        this.env = env;
        this.root = root;
        this.commands = commands;
        this.daemon = daemon;
        this.out = out;
    }

    /**
     * The installer for this machine's service manager, wired to the CLI's environment, root,
     * system commands and daemon; {@code verb} names the command in the refusal elsewhere.
     */
    static ServiceInstaller forCli(Wire wire, String verb) throws CliFailure {
        ServiceFiles.Manager manager = ServiceFiles.Manager.current().orElseThrow(() -> CliFailure.failed(
                verb + " knows systemd (Linux) and launchd (macOS), not " + System.getProperty("os.name")));
        return new ServiceInstaller(manager, wire.ctx.env(), wire.ctx.root(), wire.ctx.commands(), wire.daemon(),
                wire.out());
    }

    int install(List<String> argv) throws IOException, InterruptedException {
        Path file = ServiceFiles.file(manager, env);
        String content = ServiceFiles.render(manager, argv, ServiceFiles.serviceEnv(env, root), root);
        boolean existed = Files.exists(file);
        boolean changed = !existed || !Files.readString(file, StandardCharsets.UTF_8).equals(content);
        if (changed) {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8));
        }
        out.println("wire: " + (!existed ? "wrote " : changed ? "updated " : "unchanged: ") + file);
        return manager == ServiceFiles.Manager.SYSTEMD ? enableSystemd(changed && existed) : enableLaunchd(file, changed);
    }

    int uninstall() {
        Path file = ServiceFiles.file(manager, env);
        if (!Files.exists(file)) {
            out.println("wire: no service installed (" + file + " does not exist)");
            return ExitCodes.OK;
        }
        SystemCommands.Result stopped = manager == ServiceFiles.Manager.SYSTEMD
                ? commands.run(List.of("systemctl", "--user", "disable", "--now", ServiceFiles.SYSTEMD_UNIT))
                : commands.run(List.of("launchctl", "bootout", launchdTarget()));
        try {
            Files.delete(file);
        } catch (IOException e) {
            out.println("wire: cannot remove " + file + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        out.println("wire: removed " + file);
        if (manager == ServiceFiles.Manager.SYSTEMD) {
            SystemCommands.Result reload = commands.run(List.of("systemctl", "--user", "daemon-reload"));
            if (!stopped.ok() || !reload.ok()) {
                out.println("wire: cannot reach the systemd user manager (" + (stopped.ok() ? reload : stopped).firstLine()
                        + "); where it runs, finish with:");
                out.println("  systemctl --user disable --now " + ServiceFiles.SYSTEMD_UNIT);
                out.println("  systemctl --user daemon-reload");
                return ExitCodes.FAILED;
            }
        } else if (!stopped.ok()) {
            // bootout of an agent that is not loaded fails too; there is nothing left to stop then.
            out.println("wire: launchctl bootout said: " + stopped.firstLine());
        }
        out.println("wire: the supervisor is no longer a service; its sessions keep running, and the next "
                + "`wire supervisor start` (or `wire daemon --all-sessions`) starts one that adopts them");
        return ExitCodes.OK;
    }

    private int enableSystemd(boolean replaced) throws InterruptedException {
        String unit = ServiceFiles.SYSTEMD_UNIT;
        SystemCommands.Result reload = commands.run(List.of("systemctl", "--user", "daemon-reload"));
        if (!reload.ok()) {
            out.println("wire: cannot reach the systemd user manager (systemctl --user daemon-reload: "
                    + reload.firstLine() + ")");
            out.println("wire: the unit is in place; to enable it, run where your user manager runs (a login session):");
            out.println("  systemctl --user daemon-reload");
            out.println("  systemctl --user enable --now " + unit);
            lingerHint();
            return ExitCodes.FAILED;
        }
        handOver("systemd");
        SystemCommands.Result enable = commands.run(List.of("systemctl", "--user", "enable", "--now", unit));
        if (enable.ok() && replaced) {
            enable = commands.run(List.of("systemctl", "--user", "restart", unit));
        }
        if (!enable.ok()) {
            out.println("wire: systemctl could not enable " + unit + ": " + enable.firstLine());
            out.println("wire: try by hand:");
            out.println("  systemctl --user enable --now " + unit);
            out.println("  " + ServiceFiles.statusCommand(manager));
            return ExitCodes.FAILED;
        }
        out.println("wire: enabled and started " + unit + " (systemd user manager)");
        lingerHint();
        return ExitCodes.OK;
    }

    private int enableLaunchd(Path plist, boolean changed) throws InterruptedException {
        String target = launchdTarget();
        boolean loaded = commands.run(List.of("launchctl", "print", target)).ok();
        if (loaded && !changed) {
            out.println("wire: " + ServiceFiles.LAUNCHD_LABEL + " is already loaded");
            return ExitCodes.OK;
        }
        if (loaded) {
            commands.run(List.of("launchctl", "bootout", target)); // AbandonProcessGroup: children keep running
        }
        handOver("launchd");
        SystemCommands.Result boot = commands.run(List.of("launchctl", "bootstrap", domain(), plist.toString()));
        if (!boot.ok()) {
            out.println("wire: cannot load the agent (launchctl bootstrap: " + boot.firstLine() + "); run in your "
                    + "login session:");
            out.println("  launchctl bootstrap gui/$(id -u) " + plist);
            return ExitCodes.FAILED;
        }
        out.println("wire: loaded " + ServiceFiles.LAUNCHD_LABEL + " (launchd agent; starts at login, kept alive)");
        return ExitCodes.OK;
    }

    /**
     * A supervisor already running outside the manager would hold the root's lock and make the
     * service's daemon give up; ask it to exit without stopping its sessions and wait until it is
     * gone, so the service's daemon adopts them.
     */
    private void handOver(String to) throws InterruptedException {
        try (DaemonClient client = daemon.connect()) {
            JsonNode supervisor = client.call("list", null).path("supervisor");
            if (to.equals(supervisor.path("managed_by").asText())) {
                return;
            }
            client.call("shutdown", Json.mapper().createObjectNode().put("stop_sessions", false));
            out.println("wire: handing the running supervisor (pid " + supervisor.path("pid").asText() + ") over to "
                    + to + "; its sessions keep running and are adopted");
        } catch (DaemonDown down) {
            return;
        } catch (Exception e) {
            out.println("wire: could not hand the running supervisor over: " + e.getMessage());
            return;
        }
        for (int i = 0; i < 100; i++) {
            try (DaemonClient stillThere = daemon.connect()) {
                Thread.sleep(100);
            } catch (DaemonDown gone) {
                return;
            }
        }
    }

    private void lingerHint() {
        out.println("wire: to keep the supervisor running while you are logged out (and start it at boot):");
        out.println("  loginctl enable-linger $USER");
    }

    private String launchdTarget() {
        return domain() + "/" + ServiceFiles.LAUNCHD_LABEL;
    }

    private String domain() {
        return "gui/" + new com.sun.security.auth.module.UnixSystem().getUid();
    }
}
