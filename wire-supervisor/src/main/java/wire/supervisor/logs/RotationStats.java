package wire.supervisor.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wire.protocol.Json;
import wire.protocol.LogStream;
import wire.supervisor.core.AtomicFiles;

/**
 * What rotation did to one session's logs since this daemon started, kept in
 * {@code state/wire/log_rotation.json} so a user (or a test) can see whether every rotation was
 * lossless: {@code unguaranteed_bytes} stays 0 unless the copy-and-truncate fallback ran while
 * the child wrote (docs/logs.md).
 */
final class RotationStats {
    private static final Logger LOG = LoggerFactory.getLogger(RotationStats.class);
    static final String FILE = "log_rotation.json";

    private static final class Counters {
        String method = "none";
        long rotations;
        long rotatedBytes;
        long fallbackRotations;
        long unguaranteedBytes;
        Instant lastAt;
    }

    private final Path file;
    private final Instant since;
    private final Map<LogStream, Counters> counters = new EnumMap<>(LogStream.class);

    RotationStats(Path stateDir, Instant since) {
        this.file = stateDir.resolve(FILE);
        this.since = since;
        counters.put(LogStream.STDOUT, new Counters());
        counters.put(LogStream.STDERR, new Counters());
    }

    synchronized void rotated(LogStream stream, String method, long bytes, boolean fallback, long unguaranteed,
            Instant at) {
        Counters c = counters.get(stream);
        c.method = method;
        c.rotations++;
        c.rotatedBytes += bytes;
        if (fallback) {
            c.fallbackRotations++;
            c.unguaranteedBytes += unguaranteed;
        }
        c.lastAt = at;
        write();
    }

    private void write() {
        ObjectNode root = Json.mapper().createObjectNode().put("since", since.toString());
        counters.forEach((stream, c) -> root.putObject(stream.wire())
                .put("method", c.method)
                .put("rotations", c.rotations)
                .put("rotated_bytes", c.rotatedBytes)
                .put("fallback_rotations", c.fallbackRotations)
                .put("unguaranteed_bytes", c.unguaranteedBytes)
                .put("last_rotation_at", c.lastAt == null ? null : c.lastAt.toString()));
        try {
            AtomicFiles.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", file, e.toString());
        }
    }
}
