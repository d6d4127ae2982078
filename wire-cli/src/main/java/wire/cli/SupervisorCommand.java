package wire.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code wire supervisor}: talk to the supervisor daemon. */
@Command(name = "supervisor", description = "Talk to the supervisor daemon.",
        subcommands = {SupervisorList.class, SupervisorStatus.class, SupervisorStart.class, SupervisorStop.class,
            SupervisorRestart.class, SupervisorReload.class, SupervisorLogs.class, SupervisorEvents.class,
            SupervisorShutdown.class, SupervisorInstall.class, SupervisorUninstall.class, SupervisorVersion.class})
final class SupervisorCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }
}
