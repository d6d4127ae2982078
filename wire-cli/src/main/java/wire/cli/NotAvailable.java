package wire.cli;

import picocli.CommandLine.Model.CommandSpec;

/** The honest answer of a command whose backend this build does not have yet. */
final class NotAvailable {
    private NotAvailable() {}

    static int report(CommandSpec spec) {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": not available in this build");
        spec.commandLine().getErr().flush();
        return ExitCodes.FAILED;
    }
}
