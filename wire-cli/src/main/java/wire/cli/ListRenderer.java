package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The {@code list} result as the session table, followed by any unmanaged processes. */
final class ListRenderer {
    private ListRenderer() {}

    static String render(JsonNode list) {
        JsonNode sessions = list.path("sessions");
        StringBuilder out = new StringBuilder();
        if (sessions.isEmpty()) {
            String root = Nodes.textOr(list.path("supervisor"), "root", "the root");
            out.append("no sessions under ").append(root).append("/sessions (add one with: wire session new NAME -- CMD ARGS...)\n");
        } else {
            Table table = new Table("SESSION", "STATE", "PID", "UPTIME", "RESTARTS", "LAST EXIT", "OWNER", "NOTE");
            for (JsonNode s : sessions) {
                table.row(
                        Nodes.textOr(s, "name", "?"),
                        Nodes.textOr(s, "state", "?"),
                        Nodes.textOr(s, "pid", Nodes.NONE),
                        Nodes.present(s, "uptime_secs") ? Durations.humanize(s.get("uptime_secs").asDouble()) : Nodes.NONE,
                        Nodes.textOr(s, "restart_count", "0"),
                        lastExit(s.get("last_exit")),
                        Nodes.textOr(s, "owner", Nodes.NONE),
                        note(s));
            }
            out.append(table.render());
        }
        for (JsonNode u : list.path("unmanaged")) {
            out.append("unmanaged: pid ").append(Nodes.textOr(u, "pid", "?"))
                    .append(" in ").append(Nodes.textOr(u, "home_dir", "?"))
                    .append(": ").append(Nodes.textOr(u, "cmdline", "")).append('\n');
        }
        return out.toString();
    }

    /** {@code code 3 (0.1s)}, {@code signal KILL (3h12m)}: how it ended and how long it had lived. */
    static String lastExit(JsonNode exit) {
        if (exit == null || exit.isNull() || exit.isMissingNode()) {
            return Nodes.NONE;
        }
        String how;
        if (Nodes.present(exit, "signal")) {
            how = "signal " + exit.get("signal").asText();
        } else if (Nodes.present(exit, "code")) {
            how = "code " + exit.get("code").asText();
        } else {
            // Adopted and external children are not ours to reap: the status is unknown, not 0.
            how = "unknown";
        }
        return Nodes.present(exit, "lived_secs")
                ? how + " (" + Durations.humanize(exit.get("lived_secs").asDouble()) + ")"
                : how;
    }

    static String note(JsonNode s) {
        List<String> notes = new ArrayList<>();
        if (s.path("last_error").isObject()) {
            notes.add("cannot start: " + Nodes.text(s.get("last_error"), "message"));
        }
        if (Nodes.present(s, "next_start_in_secs")) {
            notes.add("next start in " + Durations.humanize(Math.ceil(s.get("next_start_in_secs").asDouble())));
        }
        if (Nodes.present(s, "ineligible_reason")) {
            notes.add(s.get("ineligible_reason").asText());
        }
        if (s.path("stale_binary").asBoolean(false)) {
            notes.add("stale binary");
        }
        if ("down".equals(Nodes.text(s, "desired")) && !"stopped".equals(Nodes.text(s, "state"))) {
            notes.add("desired down");
        }
        return String.join("; ", notes);
    }
}
