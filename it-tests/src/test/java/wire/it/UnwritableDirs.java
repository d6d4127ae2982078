package wire.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes directories that nobody may create files in, and always gives them back. Root ignores
 * file modes, so as root a directory gets the immutable attribute ({@code chattr +i}); anyone else
 * gets {@code chmod 0500}. A test is skipped, with the reason, where neither holds (a file system
 * without the attribute, or a user who can still write).
 */
final class UnwritableDirs implements AutoCloseable {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final List<Path> locked = new ArrayList<>();

    /** The error text the OS gives for a file created in such a directory. */
    static String reason() {
        return ROOT ? "Operation not permitted" : "Permission denied";
    }

    void lock(Path dir) throws IOException, InterruptedException {
        if (ROOT) {
            int exit = run("chattr", "+i", dir.toString());
            assumeTrue(exit == 0, "chattr +i failed (exit " + exit + "): the file system under " + dir
                    + " has no immutable attribute");
        } else {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
        }
        locked.add(dir);
        Path probe = dir.resolve(".probe");
        try {
            Files.createFile(probe);
        } catch (IOException refused) {
            return; // as intended
        }
        Files.delete(probe);
        unlock(dir);
        assumeTrue(false, "this user can still create files in " + dir + " (a capability such as CAP_DAC_OVERRIDE)");
    }

    void unlock(Path dir) throws IOException, InterruptedException {
        if (ROOT) {
            run("chattr", "-i", dir.toString());
        } else {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        locked.remove(dir);
    }

    /** Unlocks whatever is still locked, so the sandbox can be deleted. */
    @Override
    public void close() throws IOException, InterruptedException {
        for (Path dir : List.copyOf(locked)) {
            unlock(dir);
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
