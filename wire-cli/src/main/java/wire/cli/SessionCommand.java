package wire.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code wire session}: create, list, show and remove sessions; works on the files alone. */
@Command(name = "session", description = "Manage session homes (no daemon needed).",
        subcommands = {SessionNew.class, SessionList.class, SessionShow.class, SessionRm.class})
final class SessionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }
}
