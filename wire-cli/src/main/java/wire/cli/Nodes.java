package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Lenient reads of daemon results. Renderers work on the JSON as received, not on records, so a
 * newer daemon's extra fields never break an older CLI and a missing one shows as {@code -}.
 */
final class Nodes {
    static final String NONE = "-";

    private Nodes() {}

    static boolean present(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && !v.isNull() && !v.isMissingNode();
    }

    /** The field as text, or null when absent or JSON null. */
    static String text(JsonNode node, String field) {
        return present(node, field) ? node.get(field).asText() : null;
    }

    static String textOr(JsonNode node, String field, String fallback) {
        String t = text(node, field);
        return t == null ? fallback : t;
    }

    static List<String> strings(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        if (present(node, field) && node.get(field).isArray()) {
            node.get(field).forEach(e -> out.add(e.asText()));
        }
        return out;
    }

    static String joinOrNone(List<String> items) {
        return items.isEmpty() ? NONE : String.join(", ", items);
    }
}
