package wire.supervisor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import wire.supervisor.core.AtomicFiles.Durability;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeCreatesTheDirectoryAndReplacesTheFileWhole() throws IOException {
        Path target = dir.resolve("a/b/state.json");
        AtomicFiles.write(target, "{\"v\":1}".getBytes());
        AtomicFiles.write(target, "{\"v\":2}".getBytes());
        assertEquals("{\"v\":2}", Files.readString(target));
    }

    @Test
    void noTemporaryFileIsLeftBehind() throws IOException {
        Path target = dir.resolve("intent.json");
        for (int i = 0; i < 5; i++) {
            AtomicFiles.write(target, ("{\"i\":" + i + "}").getBytes());
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void aFailedWriteLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("child.json");
        AtomicFiles.write(target, "old".getBytes());
        Files.createDirectories(dir.resolve("blocker"));
        // A directory where the file should go cannot be replaced by a rename.
        Files.writeString(dir.resolve("blocker/x"), "x");
        assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve("blocker"), "new".getBytes()));
        assertEquals("old", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "child.json and blocker only");
        }
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void everyStateFileIsOwnerOnlyWhateverTheUmask(Durability durability) throws IOException {
        Path target = dir.resolve("supervisor.pid");
        AtomicFiles.write(target, "1".getBytes(), durability);
        // The JVM's umask (022 or 002 in a shell, 000 under some service managers) would leave a
        // file created with the default mode readable or writable by others.
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void everyDurabilityReplacesTheFileWholeAndLeavesNoTemporaryFile(Durability durability) throws IOException {
        Path target = dir.resolve("state/wire/child.json");
        AtomicFiles.write(target, "{\"v\":1}".getBytes(), durability);
        AtomicFiles.write(target, "{\"v\":2}".getBytes(), durability);
        assertEquals("{\"v\":2}", Files.readString(target));
        try (var files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void concurrentWritersNeverShareATemporaryFile() throws Exception {
        Path target = dir.resolve("last_exit.json");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            bodies.add("{\"writer\":" + i + ",\"pad\":\"" + "x".repeat(i) + "\"}");
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> writes = new ArrayList<>();
            for (String body : bodies) {
                writes.add(pool.submit(() -> {
                    AtomicFiles.write(target, body.getBytes(), Durability.PROCESS_CRASH);
                    String seen = Files.readString(target);
                    if (!bodies.contains(seen)) {
                        throw new AssertionError("a torn or mixed file: " + seen);
                    }
                    return null;
                }));
            }
            for (Future<?> w : writes) {
                w.get();
            }
        }
        assertTrue(bodies.contains(Files.readString(target)));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }
}
