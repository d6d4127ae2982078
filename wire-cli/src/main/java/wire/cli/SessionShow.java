package wire.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import wire.protocol.ConfigProblem;
import wire.protocol.Json;

/**
 * {@code wire session show NAME}: the session.json as written, then its problems if it is invalid.
 * Exits 0 either way (showing worked); {@code --json} gives
 * {@code {"name", "path", "text", "valid", "errors"}} for scripts that need the verdict.
 */
@Command(name = "show", description = "Print a session's session.json and any problems in it.")
final class SessionShow implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "NAME", description = "The session.")
    String name;

    @Override
    public Integer call() throws Exception {
        Wire wire = global.wire();
        Names.require(name);
        SessionHomes homes = new SessionHomes(wire.ctx.root());
        if (!Files.isDirectory(homes.home(name))) {
            throw CliFailure.failed(Cli.noSuchSession(name, wire.ctx));
        }
        SessionFile file = SessionFile.read(name, homes.home(name));
        StringBuilder text = new StringBuilder();
        if (file.text() != null) {
            text.append(file.text());
            if (!file.text().endsWith("\n")) {
                text.append('\n');
            }
        }
        if (!file.valid()) {
            text.append("invalid ").append(file.path()).append(":\n");
            for (ConfigProblem p : file.problems()) {
                text.append("  ").append(p).append('\n');
            }
        }
        ObjectNode json = Json.mapper().createObjectNode().put("name", name).put("path", file.path().toString())
                .put("text", file.text()).put("valid", file.valid());
        json.set("errors", Json.mapper().valueToTree(file.problems()));
        wire.emit(json, text.toString());
        return ExitCodes.OK;
    }
}
