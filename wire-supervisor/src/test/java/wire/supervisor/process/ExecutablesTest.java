package wire.supervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutablesTest {
    @TempDir
    Path dir;

    private Path file(String relative, String permissions) throws IOException {
        Path path = dir.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/sh\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        return path;
    }

    @Test
    void nameWithSlashIsAPathRelativeToTheCwd() throws Exception {
        assertEquals(dir.resolve("bin/tool"), Executables.resolve("bin/tool", Map.of(), dir));
        assertEquals(Path.of("/bin/sh"), Executables.resolve("/bin/sh", Map.of(), dir));
    }

    @Test
    void searchesThePathOfTheChildEnvironmentInOrder() throws Exception {
        file("a/tool", "rw-r--r--");
        Path executable = file("b/tool", "rwxr-xr-x");
        file("c/tool", "rwxr-xr-x");
        String path = dir.resolve("a") + ":" + dir.resolve("b") + ":" + dir.resolve("c");
        assertEquals(executable, Executables.resolve("tool", Map.of("PATH", path), dir));
    }

    @Test
    void aFoundFileThatIsNotExecutableIsKeptWhenNothingBetterExists() throws Exception {
        Path script = file("a/tool", "rw-r--r--");
        assertEquals(script, Executables.resolve("tool", Map.of("PATH", dir.resolve("a").toString()), dir));
    }

    @Test
    void withoutPathTheDefaultOfExecvpIsSearched() throws Exception {
        assertEquals(Path.of("/bin/sh"), Executables.resolve("sh", Map.of(), dir));
    }

    @Test
    void aMissingCommandNamesThePathSearched() {
        SpawnException e = assertThrows(SpawnException.class,
                () -> Executables.resolve("no-such-tool-here", Map.of("PATH", "/nowhere:/bin"), dir));
        assertEquals("No such file or directory: no-such-tool-here (searched PATH=/nowhere:/bin)", e.getMessage());
    }

    @Test
    void fingerprintChangesWhenTheFileIsRewrittenOrReplaced() throws Exception {
        Path tool = file("tool", "rwxr-xr-x");
        String original = Executables.fingerprint(tool.toString());
        assertTrue(original.startsWith(tool.toRealPath() + "|"), original);
        assertEquals(original, Executables.fingerprint(tool.toString()));

        Files.writeString(tool, "#!/bin/sh\necho v2\n");
        String rewritten = Executables.fingerprint(tool.toString());
        assertNotEquals(original, rewritten);

        Path next = file("tool.new", "rwxr-xr-x");
        Files.writeString(next, "#!/bin/sh\necho v3\n");
        Files.setLastModifiedTime(next, Files.getLastModifiedTime(tool));
        Files.move(next, tool, StandardCopyOption.REPLACE_EXISTING);
        assertNotEquals(rewritten, Executables.fingerprint(tool.toString()), "same size and mtime, new inode");
    }

    @Test
    void fingerprintOfAMissingFileIsEmpty() {
        assertEquals("", Executables.fingerprint(dir.resolve("absent").toString()));
    }
}
