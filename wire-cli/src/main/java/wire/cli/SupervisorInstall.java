package wire.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code wire supervisor install}: not built yet; says so and exits 1 rather than pretend. */
@Command(name = "install", description = "Install the supervisor as a systemd user service or launchd agent.")
final class SupervisorInstall implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() {
        return NotAvailable.report(spec);
    }
}
