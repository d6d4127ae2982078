package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import wire.protocol.ErrorCode;
import wire.protocol.Json;
import wire.protocol.RpcException;

/**
 * Builds the {@code wire} command line and turns every way a command can end into one message and
 * one of {@link ExitCodes}: usage errors print the message and the command's synopsis, expected
 * failures one line, unexpected ones one line plus a pointer to {@code WIRE_DEBUG=1}.
 */
final class Cli {
    private Cli() {}

    static CommandLine commandLine(CliContext ctx) {
        CommandLine cl = new CommandLine(new Wire(ctx));
        cl.setParameterExceptionHandler(Cli::usageError);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> failure(ex, cmd, parsed, ctx));
        return cl;
    }

    static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("wire: " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        Help help = cmd.getHelp();
        err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static int failure(Exception ex, CommandLine cmd, ParseResult parsed, CliContext ctx) {
        PrintWriter err = cmd.getErr();
        Wire wire = (Wire) cmd.getCommandSpec().root().userObject();
        int code = switch (ex) {
            case CliFailure f -> {
                err.println("wire: " + f.getMessage());
                yield f.exitCode();
            }
            case DaemonDown d -> {
                err.println("wire: " + d.userMessage());
                yield ExitCodes.UNREACHABLE;
            }
            case RpcException r -> {
                if (wire.json()) {
                    printJson(cmd.getOut(), errorObject(r));
                }
                err.println("wire: " + describe(r, ctx));
                yield ExitCodes.FAILED;
            }
            case IOException io -> {
                // The daemon went away mid-call (shutdown, crash): not a bug in wire, no trace.
                err.println("wire: lost the connection to the supervisor: " + io.getMessage());
                yield ExitCodes.FAILED;
            }
            default -> {
                err.println("wire: unexpected error: " + ex);
                if (ctx.debug()) {
                    ex.printStackTrace(err);
                } else {
                    err.println("(run with WIRE_DEBUG=1 for details)");
                }
                yield ExitCodes.FAILED;
            }
        };
        cmd.getOut().flush();
        err.flush();
        return code;
    }

    /** The daemon's message, with the unknown-session case said the way a person can act on. */
    static String describe(RpcException e, CliContext ctx) {
        JsonNode data = e.data();
        String session = data == null ? null : Nodes.text(data, "session");
        if (e.code() == ErrorCode.SESSION_NOT_FOUND.code() && session != null) {
            return noSuchSession(session, ctx);
        }
        StringBuilder line = new StringBuilder(e.getMessage()).append(" (error ").append(e.code()).append(')');
        if (data != null) {
            data.path("errors").forEach(p -> line.append("\n  ").append(ReloadRenderer.problem(p)));
            if (Nodes.present(data, "detail")) {
                line.append(": ").append(data.get("detail").asText());
            }
        }
        return line.toString();
    }

    static String noSuchSession(String name, CliContext ctx) {
        return "no session named '" + name + "' (looked in " + ctx.root().resolve("sessions") + ")";
    }

    static ObjectNode errorObject(RpcException e) {
        ObjectNode out = Json.mapper().createObjectNode();
        ObjectNode error = out.putObject("error");
        error.put("code", e.code());
        error.put("message", e.getMessage());
        error.set("data", e.data());
        return out;
    }

    /** One JSON document on one line. */
    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(Json.mapper().writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
