package wire.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import wire.protocol.Json;

/**
 * What the disk says when the daemon is down: every session under {@code <root>/sessions}, whether
 * its {@code session.json} is valid, and the pids its state files record with their liveness.
 *
 * <p>The {@code --json} form of {@code wire supervisor list} with the daemon down is:
 * <pre>{@code
 * {"supervisor": null, "daemon_running": false, "socket": "/path/supervisor.sock",
 *  "sessions": [{"name", "home_dir", "valid", "errors": [{"path", "message"}],
 *                "child_pid", "child_alive", "daemon_pid", "daemon_alive", "daemon_version"}]}
 * }</pre>
 * where absent pids and versions are null.
 */
final class OfflineView {
    private OfflineView() {}

    record Entry(SessionFile file, RecordedPids pids) {}

    static List<Entry> scan(Path root) throws IOException {
        SessionHomes homes = new SessionHomes(root);
        List<Entry> entries = new ArrayList<>();
        for (String name : homes.names()) {
            Path home = homes.home(name);
            entries.add(new Entry(SessionFile.read(name, home), RecordedPids.read(home)));
        }
        return entries;
    }

    static String headline(Path socket) {
        return "supervisor: not running (socket " + socket + ")";
    }

    static String render(List<Entry> entries) {
        if (entries.isEmpty()) {
            return "no sessions\n";
        }
        Table table = new Table("SESSION", "CONFIG", "CHILD PID", "DAEMON PID", "VERSION");
        for (Entry e : entries) {
            RecordedPids p = e.pids();
            table.row(e.file().name(), e.file().valid() ? "valid" : "invalid",
                    pid(p.childPid(), p.childAlive()), pid(p.daemonPid(), p.daemonAlive()),
                    p.daemonVersion() == null ? Nodes.NONE : p.daemonVersion());
        }
        return table.render();
    }

    /** One session, as {@code key: value} lines. */
    static String renderOne(Entry e) {
        return StatusRenderer.render(entry(e));
    }

    static ObjectNode toJson(Path socket, List<Entry> entries) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.putNull("supervisor");
        out.put("daemon_running", false);
        out.put("socket", socket.toString());
        ArrayNode sessions = out.putArray("sessions");
        entries.forEach(e -> sessions.add(entry(e)));
        return out;
    }

    static ObjectNode entry(Entry e) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("name", e.file().name());
        o.put("home_dir", e.file().home().toString());
        o.put("valid", e.file().valid());
        o.set("errors", Json.mapper().valueToTree(e.file().problems()));
        RecordedPids p = e.pids();
        o.put("child_pid", p.childPid());
        o.put("child_alive", p.childAlive());
        o.put("daemon_pid", p.daemonPid());
        o.put("daemon_alive", p.daemonAlive());
        o.put("daemon_version", p.daemonVersion());
        return o;
    }

    private static String pid(Long pid, boolean alive) {
        return pid == null ? Nodes.NONE : pid + (alive ? " (alive)" : " (dead)");
    }
}
