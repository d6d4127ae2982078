package wire.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code wire}: the root command; holds the context and the global options for every subcommand. */
@Command(name = "wire",
        description = "A per-user supervisor that keeps one daemon alive per session.",
        subcommands = {SupervisorCommand.class, SessionCommand.class, DaemonCommand.class, DemoCommand.class,
            RpcCommand.class})
final class Wire implements Runnable {
    final CliContext ctx;
    boolean json;
    Path socketOverride;

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    Wire(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }

    boolean json() {
        return json;
    }

    Daemon daemon() {
        Path socket = socketOverride != null ? socketOverride : ctx.defaultSocket();
        return new Daemon(ctx.connector(), socket,
                ctx.starter() == DaemonStarter.NONE ? null : new Autospawn(ctx, socket, err()));
    }

    /** Prints {@code result} as received with {@code --json}, else the rendered {@code text}. */
    void emit(Object result, String text) {
        if (json) {
            Cli.printJson(out(), result);
        } else {
            out().print(text);
        }
        out().flush();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
