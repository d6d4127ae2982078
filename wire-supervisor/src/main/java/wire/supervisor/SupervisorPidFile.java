package wire.supervisor;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalLong;
import wire.protocol.Json;
import wire.supervisor.core.AtomicFiles;

/**
 * {@code WIRE_ROOT/supervisor.pid}: who runs the supervisor, for people and for a second daemon's
 * refusal message. Informational only; the lock decides. Garbage or a dead pid here never blocks
 * a start.
 */
final class SupervisorPidFile {
    private SupervisorPidFile() {}

    static void write(Path root, long pid, String version, Instant startedAt) throws IOException {
        byte[] body = Json.mapper().createObjectNode()
                .put("pid", pid)
                .put("version", version)
                .put("started_at", startedAt.toString())
                .toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(root.resolve("supervisor.pid"), body);
    }

    static OptionalLong readPid(Path root) {
        try {
            JsonNode node = Json.mapper().readTree(Files.readString(root.resolve("supervisor.pid")));
            return node != null && node.path("pid").canConvertToLong()
                    ? OptionalLong.of(node.path("pid").asLong()) : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Removes the file only while it names {@code pid}: never a successor's. */
    static void removeIfOurs(Path root, long pid) {
        if (readPid(root).orElse(-1) == pid) {
            try {
                Files.deleteIfExists(root.resolve("supervisor.pid"));
            } catch (IOException e) {
                // informational file; a stale one is ignored by the next daemon
            }
        }
    }
}
