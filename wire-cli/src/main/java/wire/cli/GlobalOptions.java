package wire.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --json}, {@code --socket} and {@code --help}, mixed into every command so they work before
 * the command or after it ({@code wire --json supervisor list} and {@code wire supervisor list
 * --json}). Whichever command parses them, the values land on the root {@link Wire}.
 */
final class GlobalOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    // Setters only ever switch on: picocli may apply an option's initial value when it reaches a
    // subcommand, which must not undo a --json given before that subcommand.
    @Option(names = "--json", description = "Print the daemon's result as JSON, unchanged.")
    void json(boolean on) {
        if (on) {
            wire().json = true;
        }
    }

    @Option(names = "--socket", paramLabel = "PATH", description = "The supervisor's socket (default: from WIRE_ROOT).")
    void socket(Path path) {
        if (path != null) {
            wire().socketOverride = path;
        }
    }

    Wire wire() {
        return (Wire) mixee.root().userObject();
    }
}
