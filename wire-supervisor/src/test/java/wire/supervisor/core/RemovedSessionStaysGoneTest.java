package wire.supervisor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static wire.supervisor.core.Awaits.done;
import static wire.supervisor.core.Awaits.until;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wire.protocol.RestartPolicy;
import wire.protocol.SessionSpec;
import wire.protocol.StopSignal;

/**
 * Issue 8 (found by the chaos soak): a session whose directory was moved out of {@code sessions/}
 * came back. Stopping its child wrote {@code last_exit.json} into the old home, which created
 * {@code sessions/<name>/state/wire/} again, and the next scan listed a new session there with
 * every default (the built-in daemon). The end of a removed session's child is no longer written.
 * Nor does a forgotten session stay in the status builder's kept reads of its files.
 */
class RemovedSessionStaysGoneTest {
    private static final SessionSpec SPEC = new SessionSpec(List.of("/usr/bin/worker"), null, Map.of(), true,
            RestartPolicy.ALWAYS, StopSignal.TERM, 10, 10, 60, 4096, 2);

    @TempDir
    Path root;

    private final FakeProcessControl os = new FakeProcessControl();
    private final SupervisorLoop loop = SupervisorLoop.open(new LoopConfig("1.2.0", Map.of("PATH", "/usr/bin"),
            List.of("java", "wire", "daemon"), Duration.ofMillis(5), Duration.ofSeconds(5)), os,
            new SettableClock(Instant.parse("2026-03-01T12:00:00Z")), (session, from, to, at, status) -> {});

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void stoppingARemovedSessionsChildDoesNotCreateItsHomeAgain() throws IOException {
        Path home = Files.createDirectories(root.resolve("sessions").resolve("api"));
        done(loop.reload(List.of(SessionEntry.valid("api", home, SPEC))));
        until("running", () -> os.spawns().size() == 1 && os.alive(os.lastSpawnedPid()));
        long pid = os.lastSpawnedPid();

        Path moved = root.resolve("removed-api");
        Files.move(home, moved);
        assertEquals(List.of("api"), done(loop.reload(List.of())).removed());

        until("the child is stopped and the session forgotten", () -> !os.alive(pid) && done(loop.list()).isEmpty());
        assertFalse(Files.exists(home), "the removed session's home was created again");
        assertTrue(Files.isDirectory(moved));
    }

    @Test
    void aForgottenSessionLeavesNoKeptReadOfItsFilesBehind() throws IOException {
        Path home = Files.createDirectories(root.resolve("sessions").resolve("api"));
        Path lastSync = Files.writeString(Files.createDirectories(StateFiles.dir(home)).resolve("last_sync.json"),
                "{\"ts\":\"2026-03-01T11:59:00Z\"}");
        // An hour old: a stamp the status builder trusts and keeps a read of.
        Files.setLastModifiedTime(lastSync, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        done(loop.reload(List.of(SessionEntry.valid("api", home, SPEC))));
        until("running", () -> os.spawns().size() == 1 && os.alive(os.lastSpawnedPid()));
        done(loop.status("api"));
        assertEquals(1, loop.cachedStatusFiles());

        assertEquals(List.of("api"), done(loop.reload(List.of())).removed());
        until("the session is forgotten", () -> done(loop.list()).isEmpty());
        assertEquals(0, loop.cachedStatusFiles());
    }
}
