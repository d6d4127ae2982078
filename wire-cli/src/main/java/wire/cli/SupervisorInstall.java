package wire.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import wire.supervisor.Daemons;

/**
 * {@code wire supervisor install}: a systemd user unit (Linux) or launchd agent (macOS) that runs
 * {@code wire daemon --all-sessions --foreground} with this JDK and this build, enabled and started;
 * see {@link ServiceInstaller}.
 */
@Command(name = "install", description = "Install the supervisor as a systemd user service or launchd agent.")
final class SupervisorInstall implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        Wire wire = global.wire();
        ServiceFiles.Manager manager = ServiceFiles.Manager.current().orElseThrow(() -> CliFailure.failed(
                "install knows systemd (Linux) and launchd (macOS), not " + System.getProperty("os.name")));
        int code = new ServiceInstaller(manager, wire.ctx.env(), wire.ctx.root(), wire.ctx.commands(), wire.daemon(),
                wire.out()).install(Daemons.foregroundSupervisorCommand());
        wire.out().flush();
        return code;
    }
}
