package wire.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import wire.ipc.WirePaths;
import wire.protocol.ConfigProblem;
import wire.protocol.Json;
import wire.protocol.ParsedSpec;
import wire.protocol.RestartPolicy;
import wire.protocol.SessionSpecParser;
import wire.protocol.SessionSpecWriter;
import wire.protocol.WireEnum;
import wire.supervisor.core.AtomicFiles;

/**
 * {@code wire session new NAME [--cwd DIR] [--env K=V]... [--restart P] [--no-autostart] [-- CMD ARGS...]}:
 * writes {@code sessions/NAME/session.json}. The spec goes through the protocol's parser before
 * anything touches the disk, so the file is one the daemon accepts, and a refused one leaves nothing
 * behind. Works without a daemon; a running one picks the session up at its next registry poll.
 */
@Command(name = "new", description = "Create a session home and its session.json.")
final class SessionNew implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "NAME", description = "The session's name: [a-z0-9][a-z0-9._-]{0,62}.")
    String name;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "The command and its arguments, after --; default: the built-in wire daemon.")
    List<String> command = new ArrayList<>();

    @Option(names = "--cwd", paramLabel = "DIR", description = "Working directory; binds the session (the idle filter never skips it).")
    Path cwd;

    @Option(names = "--env", paramLabel = "K=V", description = "An environment variable for the child; repeatable. WIRE_* keys are refused.")
    List<String> env = new ArrayList<>();

    @Option(names = "--restart", paramLabel = "POLICY", description = "always (default), on-failure or never.")
    String restart;

    @Option(names = "--no-autostart", description = "Do not start it automatically; only on 'wire supervisor start'.")
    boolean noAutostart;

    @Override
    public Integer call() throws Exception {
        Wire wire = global.wire();
        Names.require(name);
        String json = specJson();
        SessionHomes homes = new SessionHomes(wire.ctx.root());
        Path home = homes.home(name);
        WirePaths.createPrivateDirectories(homes.dir());
        try {
            Files.createDirectory(home);
        } catch (FileAlreadyExistsException e) {
            throw CliFailure.failed("session '" + name + "' already exists: " + home);
        }
        Path file = home.resolve(SessionFile.FILE);
        AtomicFiles.write(file, json.getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(home.resolve("state").resolve("wire"));
        ObjectNode result = Json.mapper().createObjectNode().put("session", name)
                .put("home_dir", home.toString()).put("path", file.toString());
        wire.emit(result, file + "\n");
        return ExitCodes.OK;
    }

    /** The options as session.json text, judged by the same parser the daemon uses. */
    private String specJson() throws CliFailure, IOException {
        ObjectNode spec = Json.mapper().createObjectNode();
        if (!command.isEmpty()) {
            command.forEach(spec.putArray("command")::add);
        }
        if (cwd != null) {
            Path dir = cwd.toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw CliFailure.usage("--cwd " + cwd + ": no such directory");
            }
            spec.put("cwd", dir.toString());
        }
        if (!env.isEmpty()) {
            ObjectNode vars = spec.putObject("env");
            for (String kv : env) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw CliFailure.usage("--env " + kv + ": expected KEY=VALUE");
                }
                vars.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        if (restart != null) {
            if (WireEnum.fromWire(RestartPolicy.class, restart) == null) {
                throw CliFailure.usage("--restart must be always, on-failure or never, not '" + restart + "'");
            }
            spec.put("restart", restart);
        }
        if (noAutostart) {
            spec.put("autostart", false);
        }
        ParsedSpec parsed = SessionSpecParser.parse(Json.mapper().writeValueAsString(spec));
        return switch (parsed) {
            case ParsedSpec.Valid v -> SessionSpecWriter.toJson(v.spec());
            case ParsedSpec.Invalid i -> throw CliFailure.usage("refused: " + problems(i.problems()));
        };
    }

    private static String problems(List<ConfigProblem> problems) {
        return problems.size() == 1
                ? problems.getFirst().toString()
                : "\n  " + String.join("\n  ", problems.stream().map(ConfigProblem::toString).toList());
    }
}
