package wire.supervisor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
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
}
