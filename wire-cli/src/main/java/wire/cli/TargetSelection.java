package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import wire.protocol.Json;

/**
 * {@code NAME... | --all} for {@code start}, {@code stop} and {@code restart}, turned into the one
 * target selector PROTOCOL.md ("Targets") allows, and the call that sends it.
 */
final class TargetSelection {
    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Sessions to act on.")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "Every session.")
    boolean all;

    /** The selector for start and stop. */
    ObjectNode params() throws CliFailure {
        return params(false, false);
    }

    /** The selector; {@code stale} is {@code restart --stale}. Exactly one form must be chosen. */
    ObjectNode params(boolean staleAllowed, boolean stale) throws CliFailure {
        int forms = (names.isEmpty() ? 0 : 1) + (all ? 1 : 0) + (stale ? 1 : 0);
        if (forms != 1) {
            throw CliFailure.usage(forms == 0
                    ? "name the sessions, or use --all" + (staleAllowed ? " or --stale" : "")
                    : "give session names" + (staleAllowed ? ", --all or --stale" : " or --all") + ", only one of them");
        }
        ObjectNode params = Json.mapper().createObjectNode();
        if (all) {
            params.put("all", true);
        } else if (stale) {
            params.put("stale", true);
        } else if (names.size() == 1) {
            params.put("session", Names.require(names.getFirst()));
        } else {
            var array = params.putArray("sessions");
            for (String n : names) {
                array.add(Names.require(n));
            }
        }
        return params;
    }

    /** Sends a change and prints one line per session; any failed session makes the exit code 1. */
    static int send(Wire wire, String method, ObjectNode params) throws Exception {
        JsonNode result;
        try (DaemonClient client = wire.daemon().connectForChange()) {
            result = client.call(method, params);
        }
        Rendered rendered = ResultRenderer.render(result);
        wire.emit(result, rendered.text());
        return rendered.exitCode();
    }
}
