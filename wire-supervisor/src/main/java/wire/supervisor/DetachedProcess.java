package wire.supervisor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts one long-lived process detached from the caller: in a session of its own (util-linux
 * {@code setsid}, so closing the terminal or the caller's group does not take it down), stdin from
 * {@code /dev/null}, output appended to a file, exactly {@code env} as its environment. For the
 * CLI's one spawn of the supervisor (and of its AOT trainer), {@link ProcessBuilder} is cheaper than
 * the supervisor's own FFM spawner, whose downcalls cost about 220 ms to link in a fresh JVM
 * (docs/performance.md, "Daemon start-up"); the supervisor spawns its children with that one.
 *
 * <p>{@code setsid} runs the command in place, keeping the pid, because a child of this JVM never
 * leads a process group; the process then outlives this JVM, adopted by the system when it exits.
 */
final class DetachedProcess {
    static final Path SETSID = Path.of("/usr/bin/setsid");

    private DetachedProcess() {}

    static Process start(List<String> argv, Map<String, String> env, Path cwd, Path output) throws IOException {
        if (!Files.isExecutable(SETSID)) {
            throw new IOException(SETSID + " is missing (util-linux); it puts the supervisor in a session of its own");
        }
        List<String> command = new ArrayList<>(argv.size() + 1);
        command.add(SETSID.toString());
        command.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }
}
