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
        List<String> notes = new ArrayList<>(2);
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
        return notes.isEmpty() ? "" : String.join("; ", notes);
    }

    /** {@code JsonNode.asBoolean(false)}. */
    private static boolean asBoolean(Object v) {
        if (v instanceof Boolean b) {
            return b;
        } else if (v instanceof Integer i) {
            return i != 0;
        } else if (v instanceof Long l) {
            return l != 0;
        }
        return v instanceof String t && "true".equals(t.trim());
    }

    static String status(Map<?, ?> status) {
        int width = 0;
        for (Object key : status.keySet()) {
            width = Math.max(width, ((String) key).length());
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<?, ?> field : status.entrySet()) {
            String key = (String) field.getKey();
            out.append(key).append(':').repeat(' ', width - key.length() + 1)
                    .append(value(key, field.getValue())).append('\n');
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
            if (array.isEmpty()) {
                return Nodes.NONE;
            }
            StringBuilder items = new StringBuilder();
            for (int i = 0; i < array.size(); i++) {
                Object e = array.get(i);
                (i == 0 ? items : items.append(' ')).append(e instanceof String s ? s : LeanJson.write(e));
            }
            return items.toString();
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
        for (Object s : rows) {
            String state = LeanJson.textOr(s, "state", "?");
            Integer n = counts.get(state);
            counts.put(state, n == null ? 1 : n + 1);
        }
        StringBuilder line = new StringBuilder("sessions: ").append(rows.size());
        if (!counts.isEmpty()) {
            line.append(" (");
            for (Map.Entry<String, Integer> count : counts.entrySet()) {
                line.append(count.getValue()).append(' ').append(count.getKey()).append(", ");
            }
            line.setLength(line.length() - 2);
            line.append(')');
        }
        return line.append('\n').toString();
    }
}
