package wire.supervisor.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Finding the program to run, as execvp(3) would, and telling when its file changed. */
final class Executables {
    /** glibc's execvp search path when the environment has no PATH (confstr _CS_PATH). */
    static final String DEFAULT_PATH = "/bin:/usr/bin";

    private Executables() {}

    /**
     * The file that running {@code program} in {@code cwd} with environment {@code env} executes: a
     * name with a slash is a path (relative to {@code cwd}), any other is searched in the
     * environment's PATH. Like execvp, a found file that is not executable is kept only if no
     * executable one comes later, so that running it reports "Permission denied".
     */
    static Path resolve(String program, Map<String, String> env, Path cwd) throws SpawnException {
        if (program.indexOf('/') >= 0) {
            return cwd.resolve(program);
        }
        String searchPath = env.getOrDefault("PATH", DEFAULT_PATH);
        Path notExecutable = null;
        for (String dir : searchPath.split(":", -1)) {
            Path candidate = cwd.resolve(dir).resolve(program); // an empty entry means the cwd
            if (Files.isRegularFile(candidate)) {
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
                if (notExecutable == null) {
                    notExecutable = candidate;
                }
            }
        }
        if (notExecutable != null) {
            return notExecutable;
        }
        throw new SpawnException("No such file or directory: " + program + " (searched PATH=" + searchPath + ")");
    }

    /**
     * {@code realpath|size|mtime in ns|dev:inode}: a replaced file (new inode) and a rewritten one
     * (new size or mtime) both change it. Empty when the file cannot be read.
     */
    static String fingerprint(String executable) {
        try {
            Path real = Path.of(executable).toRealPath();
            Map<String, Object> unix = Files.readAttributes(real, "unix:size,lastModifiedTime,dev,ino");
            long mtimeNanos = ((FileTime) unix.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
            return real + "|" + unix.get("size") + "|" + mtimeNanos + "|" + unix.get("dev") + ":" + unix.get("ino");
        } catch (IOException | InvalidPathException | UnsupportedOperationException e) {
            return "";
        }
    }
}
