package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import wire.protocol.Json;

/**
 * The pids a session's {@code state/wire/} records, for when the daemon cannot be asked:
 * {@code child.json} (what the supervisor spawned) and {@code daemon.pid} (written by the child,
 * {@code {"pid","version"}} or a bare integer). A torn or garbage file counts as absent.
 *
 * @param childPid pid from child.json, or null
 * @param daemonPid pid from daemon.pid, or null
 * @param daemonVersion version from daemon.pid, or null
 */
record RecordedPids(Long childPid, boolean childAlive, Long daemonPid, boolean daemonAlive, String daemonVersion) {

    static RecordedPids read(Path home) {
        Path state = home.resolve("state").resolve("wire");
        JsonNode child = readJson(state.resolve("child.json"));
        JsonNode daemon = readJson(state.resolve("daemon.pid"));
        Long childPid = pid(child == null ? null : child.get("pid"));
        Long daemonPid = pid(daemon == null ? null : daemon.isObject() ? daemon.get("pid") : daemon);
        String version = daemon != null && daemon.isObject() ? Nodes.text(daemon, "version") : null;
        return new RecordedPids(childPid, childPid != null && Liveness.alive(childPid),
                daemonPid, daemonPid != null && Liveness.alive(daemonPid), version);
    }

    /** Some recorded process is alive: the session may be running. */
    boolean anyAlive() {
        return childAlive || daemonAlive;
    }

    /** The pid that is alive, preferring the supervisor's record; null when none is. */
    Long livePid() {
        return childAlive ? childPid : daemonAlive ? daemonPid : null;
    }

    private static Long pid(JsonNode node) {
        return node != null && node.canConvertToLong() && node.isIntegralNumber() && node.asLong() > 0 ? node.asLong() : null;
    }

    private static JsonNode readJson(Path file) {
        try {
            return Json.mapper().readTree(Files.readString(file).trim());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
