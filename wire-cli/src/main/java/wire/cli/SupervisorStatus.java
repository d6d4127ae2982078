package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import wire.protocol.Json;

/**
 * {@code wire supervisor status [NAME]}: one session's every field, or without NAME the supervisor
 * itself (from {@code list}'s {@code supervisor} object). With the daemon down: what the disk
 * says, exit 3.
 */
@Command(name = "status", description = "One session's status, or the supervisor's own.")
final class SupervisorStatus implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The session; omit for the supervisor.")
    String name;

    @Override
    public Integer call() throws Exception {
        Wire wire = global.wire();
        if (name != null) {
            Names.require(name);
        }
        Daemon daemon = wire.daemon();
        JsonNode result;
        try (DaemonClient client = daemon.connect()) {
            result = name == null ? client.call("list", null) : client.call("status", Json.mapper().createObjectNode().put("session", name));
        } catch (DaemonDown down) {
            return offline(wire, daemon);
        }
        if (name != null) {
            wire.emit(result, StatusRenderer.render(result));
        } else {
            JsonNode supervisor = result.path("supervisor");
            wire.emit(supervisor, StatusRenderer.render(supervisor) + sessionCounts(result.path("sessions")));
        }
        return ExitCodes.OK;
    }

    private int offline(Wire wire, Daemon daemon) throws CliFailure {
        String headline = OfflineView.headline(daemon.socket());
        if (name == null) {
            var json = Json.mapper().createObjectNode().putNull("supervisor").put("daemon_running", false)
                    .put("socket", daemon.socket().toString()).put("root", wire.ctx.root().toString());
            wire.emit(json, headline + "\nroot: " + wire.ctx.root() + "\n");
            return ExitCodes.UNREACHABLE;
        }
        SessionHomes homes = new SessionHomes(wire.ctx.root());
        if (!Files.isDirectory(homes.home(name))) {
            throw CliFailure.failed(Cli.noSuchSession(name, wire.ctx));
        }
        OfflineView.Entry entry = new OfflineView.Entry(SessionFile.read(name, homes.home(name)),
                RecordedPids.read(homes.home(name)));
        if (wire.json()) {
            wire.err().println(headline);
        }
        wire.emit(OfflineView.entry(entry), headline + "\n" + OfflineView.renderOne(entry));
        return ExitCodes.UNREACHABLE;
    }

    /** {@code sessions: 3 (2 running, 1 backoff)}. */
    static String sessionCounts(JsonNode sessions) {
        return LeanRender.sessionCounts(LeanJson.of(sessions));
    }
}
