package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code reload} result: the sessions added, removed, changed and unchanged, then every
 * invalid one with each problem and its JSON path. Invalid sessions make the exit code
 * {@link ExitCodes#FAILED} so a script notices a config it has just broken.
 */
final class ReloadRenderer {
    private ReloadRenderer() {}

    static Rendered render(JsonNode reload) {
        StringBuilder out = new StringBuilder();
        for (String key : List.of("added", "removed", "changed", "unchanged")) {
            out.append(key).append(": ").append(Nodes.joinOrNone(Nodes.strings(reload, key))).append('\n');
        }
        JsonNode invalid = reload.path("invalid");
        List<String> names = new ArrayList<>();
        invalid.forEach(i -> names.add(Nodes.textOr(i, "session", "?")));
        out.append("invalid: ").append(Nodes.joinOrNone(names)).append('\n');
        for (JsonNode i : invalid) {
            String name = Nodes.textOr(i, "session", "?");
            for (JsonNode problem : i.path("errors")) {
                out.append("  ").append(name).append(": ").append(problem(problem)).append('\n');
            }
        }
        return new Rendered(out.toString(), invalid.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED);
    }

    /** {@code $.restart: must be one of ...}; a problem the CLI does not recognise prints as JSON. */
    static String problem(JsonNode problem) {
        if (problem.isTextual()) {
            return problem.asText();
        }
        String message = Nodes.text(problem, "message");
        if (message == null) {
            return problem.toString();
        }
        String path = Nodes.text(problem, "path");
        return path == null || path.isEmpty() ? message : path + ": " + message;
    }
}
