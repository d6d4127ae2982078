package wire.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link SessionSpec} back as JSON: the file {@code wire session new} creates, and the
 * fingerprint by which a reload tells a changed spec from an unchanged one. Both are canonical:
 * keys in {@link SessionSpecParser#KEYS} order and {@code env} sorted, so equal specs give equal
 * text whatever order the source file used.
 */
public final class SessionSpecWriter {
    private SessionSpecWriter() {}

    /**
     * Pretty JSON holding only the keys whose value differs from the default, ending in a newline;
     * {@code SessionSpecParser.parse(toJson(spec))} gives {@code spec} back.
     */
    public static String toJson(SessionSpec spec) {
        StringBuilder out = new StringBuilder();
        writePretty(canonical(spec, false), "", out);
        return out.append('\n').toString();
    }

    /**
     * One line naming every effective value, defaults included, so that a file that merely spells
     * out a default does not count as changed.
     */
    public static String fingerprint(SessionSpec spec) {
        try {
            return Json.mapper().writeValueAsString(canonical(spec, true));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a spec always serialises", e);
        }
    }

    private static ObjectNode canonical(SessionSpec spec, boolean all) {
        SessionSpec d = SessionSpec.defaults();
        ObjectNode o = Json.mapper().createObjectNode();
        if (all || spec.command() != null) {
            o.set("command", Json.mapper().valueToTree(spec.command()));
        }
        if (all || spec.cwd() != null) {
            o.put("cwd", spec.cwd());
        }
        if (all || !spec.env().isEmpty()) {
            ObjectNode env = o.putObject("env");
            for (Map.Entry<String, String> e : new TreeMap<>(spec.env()).entrySet()) {
                env.put(e.getKey(), e.getValue());
            }
        }
        if (all || spec.autostart() != d.autostart()) {
            o.put("autostart", spec.autostart());
        }
        if (all || spec.restart() != d.restart()) {
            o.put("restart", spec.restart().wire());
        }
        if (all || spec.stopSignal() != d.stopSignal()) {
            o.put("stop_signal", spec.stopSignal().wire());
        }
        if (all || spec.stopGraceSeconds() != d.stopGraceSeconds()) {
            o.put("stop_grace_seconds", spec.stopGraceSeconds());
        }
        if (all || spec.maxRestarts() != d.maxRestarts()) {
            o.put("max_restarts", spec.maxRestarts());
        }
        if (all || spec.restartWindowSeconds() != d.restartWindowSeconds()) {
            o.put("restart_window_seconds", spec.restartWindowSeconds());
        }
        if (all || spec.logMaxBytes() != d.logMaxBytes()) {
            o.put("log_max_bytes", spec.logMaxBytes());
        }
        if (all || spec.logKeep() != d.logKeep()) {
            o.put("log_keep", spec.logKeep());
        }
        return o;
    }

    /** Objects one member per line, two-space indent; arrays of scalars stay on one line. */
    private static void writePretty(JsonNode node, String indent, StringBuilder out) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            var it = node.properties().iterator();
            while (it.hasNext()) {
                var e = it.next();
                out.append(indent).append("  ").append(scalar(Json.mapper().getNodeFactory().textNode(e.getKey())))
                        .append(": ");
                writePretty(e.getValue(), indent + "  ", out);
                out.append(it.hasNext() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                writePretty(node.get(i), indent, out);
            }
            out.append(']');
        } else {
            out.append(scalar(node));
        }
    }

    private static String scalar(JsonNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a scalar always serialises", e);
        }
    }
}
