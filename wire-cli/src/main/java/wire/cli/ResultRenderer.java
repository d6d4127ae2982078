package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The result of {@code start}, {@code stop} and {@code restart}: one line per session, whether the
 * daemon answered one {@code SessionStatus} (a single target) or {@code {"results": [...]}}.
 * Any failed entry makes the exit code {@link ExitCodes#FAILED}.
 */
final class ResultRenderer {
    private ResultRenderer() {}

    static Rendered render(JsonNode result) {
        if (!result.has("results")) {
            return new Rendered(statusLine(result) + "\n", ExitCodes.OK);
        }
        StringBuilder out = new StringBuilder();
        int exit = ExitCodes.OK;
        for (JsonNode entry : result.get("results")) {
            String name = Nodes.textOr(entry, "session", "?");
            if (entry.path("ok").asBoolean(false)) {
                JsonNode status = entry.get("status");
                out.append(status == null || status.isNull() ? name + ": ok" : statusLine(status, name));
            } else {
                exit = ExitCodes.FAILED;
                JsonNode error = entry.path("error");
                out.append(name).append(": error ").append(Nodes.textOr(error, "code", "?"))
                        .append(' ').append(Nodes.textOr(error, "message", "(no message)"));
            }
            out.append('\n');
        }
        if (result.get("results").isEmpty()) {
            out.append("no sessions matched\n");
        }
        return new Rendered(out.toString(), exit);
    }

    static String statusLine(JsonNode status) {
        return statusLine(status, Nodes.textOr(status, "name", "?"));
    }

    /** {@code api: running (pid 4242)}, {@code api: stopped}. */
    private static String statusLine(JsonNode status, String name) {
        StringBuilder line = new StringBuilder(name).append(": ").append(Nodes.textOr(status, "state", "?"));
        if (Nodes.present(status, "pid")) {
            line.append(" (pid ").append(status.get("pid").asText()).append(')');
        }
        return line.toString();
    }
}
