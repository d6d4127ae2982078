package wire.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a pid names a live process, from {@code /proc} (a zombie is dead: it runs nothing). */
final class Liveness {
    private static final Path PROC = Path.of("/proc");

    private Liveness() {}

    static boolean alive(long pid) {
        if (pid <= 0) {
            return false;
        }
        if (!Files.isDirectory(PROC)) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            // The state follows the ")" that closes the command name, which may itself hold ")".
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
