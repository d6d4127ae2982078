package wire.supervisor;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * PROTOCOL.md, Transport: every directory the daemon creates for {@code WIRE_ROOT} is {@code 0700}
 * whatever the umask, parents included; directories that already exist are left as they are.
 */
final class PrivateDirs {
    private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rwx------");

    private PrivateDirs() {}

    static void create(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        if (absolute.getParent() != null) {
            create(absolute.getParent());
        }
        try {
            Files.createDirectory(absolute);
        } catch (FileAlreadyExistsException raced) {
            if (Files.isDirectory(absolute)) {
                return;
            }
            throw raced;
        }
        // Set outright: the umask may have taken bits from the mode a create asks for.
        Files.setPosixFilePermissions(absolute, MODE);
    }
}
