package wire.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The session table, one status as {@code key: value} lines, and the session-count line, over
 * {@link LeanJson} values: the one renderer of both the {@link FastPath} and the full CLI (whose
 * {@link ListRenderer}, {@link StatusRenderer} and {@link SupervisorStatus#sessionCounts} convert
 * their databind trees and call in here), so the two can never print differently.
 */
final class LeanRender {
    private LeanRender() {}

    static String list(Object list) {
        Object sessions = LeanJson.get(list, "sessions");
        List<?> rows = sessions instanceof List<?> l ? l : List.of();
        StringBuilder out = new StringBuilder();
        if (rows.isEmpty()) {
            String root = LeanJson.textOr(LeanJson.get(list, "supervisor"), "root", "the root");
            out.append("no sessions under ").append(root).append("/sessions (add one with: wire session new NAME -- CMD ARGS...)\n");
        } else {
            Table table = new Table("SESSION", "STATE", "PID", "UPTIME", "RESTARTS", "LAST EXIT", "OWNER", "NOTE");
            for (Object s : rows) {
                table.row(
                        LeanJson.textOr(s, "name", "?"),
                        LeanJson.textOr(s, "state", "?"),
                        LeanJson.textOr(s, "pid", Nodes.NONE),
                        LeanJson.present(s, "uptime_secs")
                                ? Durations.humanize(LeanJson.asDouble(LeanJson.get(s, "uptime_secs"))) : Nodes.NONE,
                        LeanJson.textOr(s, "restart_count", "0"),
                        lastExit(LeanJson.get(s, "last_exit")),
                        LeanJson.textOr(s, "owner", Nodes.NONE),
                        note(s));
            }
            out.append(table.render());
        }
        if (LeanJson.get(list, "unmanaged") instanceof List<?> unmanaged) {
            for (Object u : unmanaged) {
                out.append("unmanaged: pid ").append(LeanJson.textOr(u, "pid", "?"))
                        .append(" in ").append(LeanJson.textOr(u, "home_dir", "?"))
                        .append(": ").append(LeanJson.textOr(u, "cmdline", "")).append('\n');
            }
        }
        return out.toString();
    }

    static String lastExit(Object exit) {
        if (exit == null) {
            return Nodes.NONE;
        }
        String how;
        if (LeanJson.present(exit, "signal")) {
            how = "signal " + LeanJson.text(exit, "signal");
        } else if (LeanJson.present(exit, "code")) {
            how = "code " + LeanJson.text(exit, "code");
        } else {
            how = "unknown";
        }
        return LeanJson.present(exit, "lived_secs")
                ? how + " (" + Durations.humanize(LeanJson.asDouble(LeanJson.get(exit, "lived_secs"))) + ")"
                : how;
    }

    static String note(Object s) {
        List<String> notes = new ArrayList<>();
        if (LeanJson.get(s, "last_error") instanceof Map<?, ?> error) {
            notes.add("cannot start: " + LeanJson.text(error, "message"));
        }
        if (LeanJson.present(s, "next_start_in_secs")) {
            notes.add("next start in " + Durations.humanize(Math.ceil(LeanJson.asDouble(LeanJson.get(s, "next_start_in_secs")))));
        }
        if (LeanJson.present(s, "ineligible_reason")) {
            notes.add(LeanJson.text(s, "ineligible_reason"));
        }
        if (asBoolean(LeanJson.get(s, "stale_binary"))) {
            notes.add("stale binary");
        }
        if ("down".equals(LeanJson.text(s, "desired")) && !"stopped".equals(LeanJson.text(s, "state"))) {
            notes.add("desired down");
        }
        return String.join("; ", notes);
    }

    /** {@code JsonNode.asBoolean(false)}. */
    private static boolean asBoolean(Object v) {
        return switch (v) {
            case Boolean b -> b;
            case Integer i -> i != 0;
            case Long l -> l != 0;
            case String t -> "true".equals(t.trim());
            case null, default -> false;
        };
    }

    static String status(Map<?, ?> status) {
        List<Map.Entry<String, String>> lines = new ArrayList<>();
        for (Map.Entry<?, ?> field : status.entrySet()) {
            String key = (String) field.getKey();
            lines.add(Map.entry(key, value(key, field.getValue())));
        }
        int width = lines.stream().mapToInt(e -> e.getKey().length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> line : lines) {
            out.append(line.getKey()).append(':').repeat(' ', width - line.getKey().length() + 1)
                    .append(line.getValue()).append('\n');
        }
        return out.toString();
    }

    private static String value(String key, Object v) {
        if (v == null || v == LeanJson.NULL) {
            return Nodes.NONE;
        }
        if (key.equals("last_exit") && v instanceof Map) {
            String at = LeanJson.text(v, "at");
            return lastExit(v) + (at == null ? "" : " at " + at);
        }
        if (key.equals("last_error") && v instanceof Map) {
            String at = LeanJson.text(v, "at");
            return LeanJson.text(v, "message") + (at == null ? "" : " at " + at);
        }
        if (v instanceof List<?> array) {
            List<String> items = new ArrayList<>();
            array.forEach(e -> items.add(e instanceof String s ? s : LeanJson.write(e)));
            return items.isEmpty() ? Nodes.NONE : String.join(" ", items);
        }
        if (v instanceof Map) {
            return LeanJson.write(v);
        }
        if (v instanceof Number && (key.endsWith("_secs") || key.endsWith("_seconds"))) {
            return LeanJson.asText(v) + " (" + Durations.humanize(LeanJson.asDouble(v)) + ")";
        }
        return LeanJson.asText(v);
    }

    /** {@code sessions: 3 (2 running, 1 backoff)} from the sessions of a parsed {@code list}. */
    static String sessionCounts(Object sessions) {
        List<?> rows = sessions instanceof List<?> l ? l : List.of();
        TreeMap<String, Integer> counts = new TreeMap<>();
        rows.forEach(s -> counts.merge(LeanJson.textOr(s, "state", "?"), 1, Integer::sum));
        StringBuilder line = new StringBuilder("sessions: ").append(rows.size());
        if (!counts.isEmpty()) {
            line.append(" (");
            counts.forEach((state, n) -> line.append(n).append(' ').append(state).append(", "));
            line.setLength(line.length() - 2);
            line.append(')');
        }
        return line.append('\n').toString();
    }
}
