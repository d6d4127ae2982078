package wire.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wire demo [--stop]}: not built yet; says so and exits 1 rather than pretend. */
@Command(name = "demo", description = "Set up and run a few demo sessions.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Option(names = "--stop", description = "Stop and remove the demo sessions.")
    boolean stop;

    @Override
    public Integer call() {
        return NotAvailable.report(spec);
    }
}
