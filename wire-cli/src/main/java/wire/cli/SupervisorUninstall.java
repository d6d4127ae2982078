package wire.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code wire supervisor uninstall}: not built yet; says so and exits 1 rather than pretend. */
@Command(name = "uninstall", description = "Remove the service that install wrote.")
final class SupervisorUninstall implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() {
        return NotAvailable.report(spec);
    }
}
