package wire.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateDirectoriesTest {
    @TempDir
    Path tmp;

    @Test
    void everyMissingParentOfTheRootIsCreatedOwnerOnly() throws IOException {
        Path root = tmp.resolve("a").resolve("b").resolve("root");
        WirePaths.createPrivateDirectories(root);
        for (Path dir : new Path[] {tmp.resolve("a"), tmp.resolve("a").resolve("b"), root}) {
            assertEquals("rwx------", mode(dir), dir.toString());
        }
    }

    @Test
    void anExistingDirectoryKeepsItsMode() throws IOException {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        WirePaths.createPrivateDirectories(shared.resolve("root"));
        assertEquals("rwxr-xr-x", mode(shared));
        assertEquals("rwx------", mode(shared.resolve("root")));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
