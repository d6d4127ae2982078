package wire.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a system tool ({@code systemctl}, {@code launchctl}) and collects what it said: the seam that
 * lets tests of {@code wire supervisor install} record the commands instead of running them.
 */
@FunctionalInterface
interface SystemCommands {
    /** How a command ended; {@code exitCode} 127 when it could not be run at all. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The first line of the output, for a one-line diagnosis. */
        String firstLine() {
            String s = output.strip();
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl);
        }
    }

    Result run(List<String> argv);

    /** Runs nothing; every command "cannot be run". For contexts that must not start processes. */
    SystemCommands NONE = argv -> new Result(127, "not run: " + String.join(" ", argv));

    /** The real thing: a child process with output and errors merged, given 30 s. */
    static SystemCommands real() {
        return argv -> {
            try {
                Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(124, String.join(" ", argv) + ": timed out");
                }
                return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return new Result(127, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(130, "interrupted");
            }
        };
    }
}
