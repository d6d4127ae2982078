package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code SessionStatus} (or the {@code supervisor} object) as aligned {@code key: value}
 * lines, one per field in the order the daemon sent them, so a field added later still shows.
 */
final class StatusRenderer {
    private StatusRenderer() {}

    static String render(JsonNode status) {
        List<Map.Entry<String, String>> lines = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : status.properties()) {
            lines.add(Map.entry(field.getKey(), value(field.getKey(), field.getValue())));
        }
        int width = lines.stream().mapToInt(e -> e.getKey().length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> line : lines) {
            out.append(line.getKey()).append(':').repeat(' ', width - line.getKey().length() + 1)
                    .append(line.getValue()).append('\n');
        }
        return out.toString();
    }

    private static String value(String key, JsonNode v) {
        if (v == null || v.isNull()) {
            return Nodes.NONE;
        }
        if (key.equals("last_exit") && v.isObject()) {
            String at = Nodes.text(v, "at");
            return ListRenderer.lastExit(v) + (at == null ? "" : " at " + at);
        }
        if (key.equals("last_error") && v.isObject()) {
            String at = Nodes.text(v, "at");
            return Nodes.text(v, "message") + (at == null ? "" : " at " + at);
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(e -> items.add(e.isTextual() ? e.asText() : e.toString()));
            return items.isEmpty() ? Nodes.NONE : String.join(" ", items);
        }
        if (v.isObject()) {
            return v.toString();
        }
        if (v.isNumber() && (key.endsWith("_secs") || key.endsWith("_seconds"))) {
            return v.asText() + " (" + Durations.humanize(v.asDouble()) + ")";
        }
        return v.asText();
    }
}
