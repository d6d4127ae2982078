package wire.supervisor.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wire.protocol.Desired;
import wire.protocol.Json;
import wire.protocol.LastExit;
import wire.protocol.WireEnum;
import wire.supervisor.core.AtomicFiles.Durability;

/**
 * The per-session files under {@code <home>/state/wire/} (DESIGN.md, "Paths"). Encoding and
 * decoding are pure ({@code encode*}/{@code decode*}); {@code read*} and {@code write*} add the
 * I/O. Every write goes through {@link AtomicFiles}. A missing file is absent; a torn or garbage
 * one is logged and treated as absent, never an exception.
 *
 * <p>Only {@code intent.json} is forced to disk: a stopped session must stay stopped after a
 * reboot. {@code child.json} and {@code last_exit.json} describe processes that a machine crash
 * ends anyway (a lost {@code child.json} then adopts nothing, which is right; a lost
 * {@code last_exit.json} only blanks a status field), while a crash of the supervisor, which is
 * what adoption is for, never tears them. They are written on every spawn and exit, where two
 * fsyncs cost more than the spawn.
 */
public final class StateFiles {
    private static final Logger LOG = LoggerFactory.getLogger(StateFiles.class);

    static final String CHILD = "child.json";
    static final String INTENT = "intent.json";
    static final String LAST_EXIT = "last_exit.json";
    static final String DAEMON_PID = "daemon.pid";
    static final String LAST_SYNC = "last_sync.json";
    static final String SPAWNING = "spawning.json";

    /**
     * {@code spawning.json}: written just before a spawn and removed once {@code child.json} names
     * the child, so a supervisor killed in between leaves the next one a way to find that child.
     *
     * @param bootId the boot it was written in: start times of two boots do not compare
     * @param notBefore the child's start time is at least this (clock ticks since boot)
     */
    record SpawnMark(long supervisorPid, String bootId, long notBefore, Instant at) {}

    /** {@code intent.json}. */
    record Intent(Desired desired, Instant at) {}

    /** {@code daemon.pid}, written by the child itself; {@code version} is null in the legacy form. */
    public record DaemonPid(long pid, String version) {}

    private StateFiles() {}

    /**
     * True when {@code home} is a directory and not a symbolic link. The registry refuses a linked
     * home, but such a session is still listed; reading or writing its state through the link
     * would read or write the state of whatever session it points at.
     */
    static boolean isRealHome(Path home) {
        return Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS);
    }

    static Path dir(Path home) {
        return home.resolve("state").resolve("wire");
    }

    static Path spawning(Path home) {
        return dir(home).resolve(SPAWNING);
    }

    static Path stdoutLog(Path home) {
        return dir(home).resolve("stdout.log");
    }

    static Path stderrLog(Path home) {
        return dir(home).resolve("stderr.log");
    }

    // ---- encoding, no I/O ----

    static byte[] encodeChild(ChildRecord c) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("pid", c.pid());
        n.put("pgid", c.pgid());
        n.put("start_time", c.startTime());
        ArrayNode argv = n.putArray("argv");
        c.argv().forEach(argv::add);
        n.put("executable", c.executable());
        n.put("fingerprint", c.fingerprint());
        n.put("spawned_at", c.spawnedAt().toString());
        n.put("supervisor_pid", c.supervisorPid());
        return bytes(n);
    }

    static Optional<ChildRecord> decodeChild(JsonNode n) {
        List<String> argv = new ArrayList<>();
        JsonNode a = n.path("argv");
        if (!a.isArray()) {
            return Optional.empty();
        }
        for (JsonNode s : a) {
            if (!s.isTextual()) {
                return Optional.empty();
            }
            argv.add(s.asText());
        }
        if (!n.path("pid").canConvertToLong() || !n.path("pgid").canConvertToLong()
                || !n.path("start_time").canConvertToLong() || !n.path("spawned_at").isTextual()) {
            return Optional.empty();
        }
        Instant spawnedAt = Instant.parse(n.get("spawned_at").asText());
        return Optional.of(new ChildRecord(n.get("pid").asLong(), n.get("pgid").asLong(), n.get("start_time").asLong(),
                argv, textOrNull(n.path("executable")), textOrNull(n.path("fingerprint")), spawnedAt,
                n.path("supervisor_pid").asLong(0)));
    }

    static byte[] encodeSpawnMark(SpawnMark m) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("supervisor_pid", m.supervisorPid());
        n.put("boot_id", m.bootId());
        n.put("not_before", m.notBefore());
        n.put("at", m.at().toString());
        return bytes(n);
    }

    static Optional<SpawnMark> decodeSpawnMark(JsonNode n) {
        if (!n.path("not_before").isIntegralNumber() || !n.path("at").isTextual() || !n.path("boot_id").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new SpawnMark(n.path("supervisor_pid").asLong(0), n.get("boot_id").asText(),
                n.get("not_before").asLong(), Instant.parse(n.get("at").asText())));
    }

    static byte[] encodeIntent(Intent i) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("desired", i.desired().wire());
        n.put("at", i.at().toString());
        return bytes(n);
    }

    static Optional<Intent> decodeIntent(JsonNode n) {
        Desired d = WireEnum.fromWire(Desired.class, n.path("desired").asText(""));
        if (d == null) {
            return Optional.empty();
        }
        Instant at = n.path("at").isTextual() ? Instant.parse(n.get("at").asText()) : null;
        return Optional.of(new Intent(d, at));
    }

    static byte[] encodeLastExit(LastExit e) {
        ObjectNode n = Json.mapper().createObjectNode();
        if (e.code() == null) {
            n.putNull("code");
        } else {
            n.put("code", e.code());
        }
        n.put("signal", e.signal());
        n.put("at", e.at().toString());
        if (e.livedSecs() == null) {
            n.putNull("lived_secs");
        } else {
            n.put("lived_secs", e.livedSecs());
        }
        return bytes(n);
    }

    static Optional<LastExit> decodeLastExit(JsonNode n) {
        if (!n.path("at").isTextual()) {
            return Optional.empty();
        }
        JsonNode code = n.path("code");
        JsonNode lived = n.path("lived_secs");
        return Optional.of(new LastExit(code.isIntegralNumber() ? code.asInt() : null, textOrNull(n.path("signal")),
                Instant.parse(n.get("at").asText()), lived.isNumber() ? lived.asDouble() : null));
    }

    /** {@code {"pid": N, "version": "x"}} or, from older daemons, a bare integer. */
    public static Optional<DaemonPid> decodeDaemonPid(String body) {
        String t = body.strip();
        if (t.matches("[0-9]{1,18}")) {
            return Optional.of(new DaemonPid(Long.parseLong(t), null));
        }
        JsonNode n = parse(t).orElse(null);
        if (n == null || !n.path("pid").canConvertToLong() || !n.path("pid").isIntegralNumber()) {
            return Optional.empty();
        }
        return Optional.of(new DaemonPid(n.get("pid").asLong(), textOrNull(n.path("version"))));
    }

    /** {@code {"ts": RFC 3339}} of {@code last_sync.json}. */
    static Optional<Instant> decodeLastSync(JsonNode n) {
        if (!n.path("ts").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(OffsetDateTime.parse(n.get("ts").asText()).toInstant());
    }

    // ---- I/O ----

    static void writeChild(Path home, ChildRecord c) throws IOException {
        AtomicFiles.write(dir(home).resolve(CHILD), encodeChild(c), Durability.PROCESS_CRASH);
    }

    static Optional<ChildRecord> readChild(Path home) {
        return readJson(home, CHILD, StateFiles::decodeChild);
    }

    static void writeSpawnMark(Path home, SpawnMark m) throws IOException {
        AtomicFiles.write(spawning(home), encodeSpawnMark(m), Durability.PROCESS_CRASH);
    }

    static Optional<SpawnMark> readSpawnMark(Path home) {
        return readJson(home, SPAWNING, StateFiles::decodeSpawnMark);
    }

    static void clearSpawnMark(Path home) throws IOException {
        Files.deleteIfExists(spawning(home));
    }

    static void writeIntent(Path home, Intent i) throws IOException {
        AtomicFiles.write(dir(home).resolve(INTENT), encodeIntent(i), Durability.POWER_LOSS);
    }

    static Optional<Intent> readIntent(Path home) {
        return readJson(home, INTENT, StateFiles::decodeIntent);
    }

    static void writeLastExit(Path home, LastExit e) throws IOException {
        AtomicFiles.write(dir(home).resolve(LAST_EXIT), encodeLastExit(e), Durability.PROCESS_CRASH);
    }

    static Optional<LastExit> readLastExit(Path home) {
        return readJson(home, LAST_EXIT, StateFiles::decodeLastExit);
    }

    static Optional<DaemonPid> readDaemonPid(Path home) {
        return readText(home, DAEMON_PID).flatMap(body -> {
            Optional<DaemonPid> p = decodeDaemonPid(body);
            if (p.isEmpty()) {
                LOG.warn("ignoring unreadable {}", dir(home).resolve(DAEMON_PID));
            }
            return p;
        });
    }

    static Path daemonPidPath(Path home) {
        return dir(home).resolve(DAEMON_PID);
    }

    static Path lastSyncPath(Path home) {
        return dir(home).resolve(LAST_SYNC);
    }

    static Optional<Instant> readLastSync(Path home) {
        return readJson(home, LAST_SYNC, StateFiles::decodeLastSync);
    }

    private static <T> Optional<T> readJson(Path home, String file, Function<JsonNode, Optional<T>> decode) {
        Path path = dir(home).resolve(file);
        return readText(home, file).flatMap(body -> {
            Optional<T> out;
            try {
                out = parse(body).flatMap(decode);
            } catch (RuntimeException e) { // a bad timestamp or number: the file is garbage
                out = Optional.empty();
            }
            if (out.isEmpty()) {
                LOG.warn("ignoring torn or unreadable {}", path);
            }
            return out;
        });
    }

    private static Optional<String> readText(Path home, String file) {
        Path path = dir(home).resolve(file);
        // Most of these files do not exist (a fresh session has none; most children never write
        // daemon.pid or last_sync.json), and a failed open costs two exceptions with their stack
        // traces, where asking first costs one access(2): 5,000 of them at the first sight of 1,000
        // sessions. The catch below still covers a file removed in between. A state directory the
        // daemon may not search now reads as empty without a warning (access(2) does not say
        // why); the writes into it fail and say so.
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // Unreadable or not UTF-8 (MalformedInputException is an IOException): absent, and said so.
            LOG.warn("ignoring unreadable {}: {}", path, e.toString());
            return Optional.empty();
        }
    }

    private static Optional<JsonNode> parse(String body) {
        try {
            JsonNode n = Json.mapper().readTree(body);
            return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static String textOrNull(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            byte[] json = Json.mapper().writeValueAsBytes(n);
            byte[] out = new byte[json.length + 1];
            System.arraycopy(json, 0, out, 0, json.length);
            out[json.length] = '\n';
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a state record", e);
        }
    }
}
