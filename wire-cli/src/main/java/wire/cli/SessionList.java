package wire.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import wire.protocol.Json;
import wire.protocol.SessionSpec;

/**
 * {@code wire session list}: the sessions on disk, from their files alone. With {@code --json}:
 * {@code [{"name", "home_dir", "valid", "cwd", "command", "errors"}]}, where {@code cwd} and
 * {@code command} are null when unset or unknown (invalid file).
 */
@Command(name = "list", description = "The sessions on disk and whether their session.json is valid.")
final class SessionList implements Callable<Integer> {
    static final String BUILT_IN = "(built-in wire daemon)";

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        Wire wire = global.wire();
        SessionHomes homes = new SessionHomes(wire.ctx.root());
        List<SessionFile> files = new ArrayList<>();
        for (String name : homes.names()) {
            files.add(SessionFile.read(name, homes.home(name)));
        }
        wire.emit(toJson(files), render(files, homes));
        return ExitCodes.OK;
    }

    static String render(List<SessionFile> files, SessionHomes homes) {
        if (files.isEmpty()) {
            return "no sessions in " + homes.dir() + "\n";
        }
        Table table = new Table("SESSION", "CWD", "COMMAND", "CONFIG");
        for (SessionFile f : files) {
            SessionSpec spec = f.spec();
            if (spec == null) {
                table.row(f.name(), Nodes.NONE, Nodes.NONE, "invalid: " + f.problems().getFirst());
            } else {
                table.row(f.name(), spec.cwd() == null ? Nodes.NONE : spec.cwd(),
                        spec.command() == null ? BUILT_IN : String.join(" ", spec.command()), "valid");
            }
        }
        return table.render();
    }

    static ArrayNode toJson(List<SessionFile> files) {
        ArrayNode out = Json.mapper().createArrayNode();
        for (SessionFile f : files) {
            SessionSpec spec = f.spec();
            ObjectNode o = out.addObject().put("name", f.name()).put("home_dir", f.home().toString()).put("valid", f.valid());
            o.put("cwd", spec == null ? null : spec.cwd());
            o.set("command", spec == null ? null : Json.mapper().valueToTree(spec.command()));
            o.set("errors", Json.mapper().valueToTree(f.problems()));
        }
        return out;
    }
}
