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
        int code = ServiceInstaller.forCli(wire, "install").install(Daemons.foregroundSupervisorCommand());
        wire.out().flush();
        return code;
    }
}
