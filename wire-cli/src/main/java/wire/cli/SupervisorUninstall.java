package wire.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code wire supervisor uninstall}: stops and disables the service install wrote and removes its
 * file. The sessions keep running; the next supervisor adopts them.
 */
@Command(name = "uninstall", description = "Remove the service that install wrote.")
final class SupervisorUninstall implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        Wire wire = global.wire();
        int code = ServiceInstaller.forCli(wire, "uninstall").uninstall();
        wire.out().flush();
        return code;
    }
}
