package wire.supervisor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wire.protocol.Desired;
import wire.protocol.Json;
import wire.protocol.LastExit;

class StateFilesTest {
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path home;

    @Test
    void childRecordRoundTripsWithEveryField() throws IOException {
        ChildRecord c = new ChildRecord(4242, 4242, 987654, List.of("/usr/bin/worker", "--serve"), "/usr/bin/worker",
                "sha:abc", AT, 17);
        StateFiles.writeChild(home, c);
        assertEquals(Optional.of(c), StateFiles.readChild(home));
        var json = Json.mapper().readTree(StateFiles.dir(home).resolve("child.json").toFile());
        for (String field : List.of("pid", "pgid", "start_time", "argv", "executable", "fingerprint", "spawned_at",
                "supervisor_pid")) {
            assertTrue(json.has(field), field);
        }
    }

    @Test
    void spawnMarkRoundTripsAndIsGoneOnceCleared() throws IOException {
        StateFiles.SpawnMark m = new StateFiles.SpawnMark(17, "b2c1a7f0-boot", 123456789, AT);
        StateFiles.writeSpawnMark(home, m);
        assertEquals(Optional.of(m), StateFiles.readSpawnMark(home));
        StateFiles.clearSpawnMark(home);
        assertEquals(Optional.empty(), StateFiles.readSpawnMark(home));
        StateFiles.clearSpawnMark(home); // clearing an absent mark is fine
    }

    @Test
    void intentAndLastExitRoundTrip() throws IOException {
        StateFiles.writeIntent(home, new StateFiles.Intent(Desired.DOWN, AT));
        assertEquals(Optional.of(new StateFiles.Intent(Desired.DOWN, AT)), StateFiles.readIntent(home));
        LastExit killed = new LastExit(null, "KILL", AT, 3.5);
        StateFiles.writeLastExit(home, killed);
        assertEquals(Optional.of(killed), StateFiles.readLastExit(home));
        LastExit unknown = new LastExit(null, null, AT, null);
        StateFiles.writeLastExit(home, unknown);
        assertEquals(Optional.of(unknown), StateFiles.readLastExit(home));
    }

    @ParameterizedTest(name = "torn or garbage: {0}")
    @ValueSource(strings = {"", "{", "{\"pid\": 12", "null", "[1,2]", "\u0000\u0001binary", "{\"pid\":\"x\",\"pgid\":1}"})
    void tornOrGarbageFilesReadAsAbsent(String body) throws IOException {
        Path dir = StateFiles.dir(home);
        Files.createDirectories(dir);
        for (String f : List.of("child.json", "intent.json", "last_exit.json", "daemon.pid", "last_sync.json")) {
            Files.writeString(dir.resolve(f), body);
        }
        assertEquals(Optional.empty(), StateFiles.readChild(home));
        assertEquals(Optional.empty(), StateFiles.readIntent(home));
        assertEquals(Optional.empty(), StateFiles.readLastExit(home));
        assertEquals(Optional.empty(), StateFiles.readDaemonPid(home));
        assertEquals(Optional.empty(), StateFiles.readLastSync(home));
    }

    @Test
    void aBadTimestampMakesTheWholeRecordAbsent() throws IOException {
        Path dir = StateFiles.dir(home);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("child.json"),
                "{\"pid\":1,\"pgid\":1,\"start_time\":1,\"argv\":[],\"spawned_at\":\"not a time\"}");
        Files.writeString(dir.resolve("intent.json"), "{\"desired\":\"up\",\"at\":\"soon\"}");
        Files.writeString(dir.resolve("last_exit.json"), "{\"code\":1,\"at\":\"2026-13-45T00:00:00Z\"}");
        assertEquals(Optional.empty(), StateFiles.readChild(home));
        assertEquals(Optional.empty(), StateFiles.readIntent(home));
        assertEquals(Optional.empty(), StateFiles.readLastExit(home));
    }

    @Test
    void missingFilesReadAsAbsent() {
        assertEquals(Optional.empty(), StateFiles.readChild(home));
        assertEquals(Optional.empty(), StateFiles.readDaemonPid(home));
    }

    @Test
    void daemonPidReadsTheJsonFormAndTheLegacyBareInteger() {
        assertEquals(Optional.of(new StateFiles.DaemonPid(31, "0.14.1")),
                StateFiles.decodeDaemonPid("{\"pid\":31,\"version\":\"0.14.1\"}"));
        assertEquals(Optional.of(new StateFiles.DaemonPid(31, null)), StateFiles.decodeDaemonPid("31\n"));
        assertEquals(Optional.of(new StateFiles.DaemonPid(31, null)), StateFiles.decodeDaemonPid("{\"pid\":31}"));
        assertEquals(Optional.empty(), StateFiles.decodeDaemonPid("{\"pid\":\"31\"}"));
        assertEquals(Optional.empty(), StateFiles.decodeDaemonPid("-4"));
    }

    @Test
    void lastSyncAcceptsAnyRfc3339Offset() throws IOException {
        AtomicFiles.write(StateFiles.dir(home).resolve("last_sync.json"), "{\"ts\":\"2026-03-01T14:00:00+02:00\"}".getBytes());
        assertEquals(Optional.of(AT), StateFiles.readLastSync(home));
    }
}
