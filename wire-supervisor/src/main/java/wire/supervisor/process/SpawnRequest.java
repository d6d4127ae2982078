package wire.supervisor.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to start. {@code argv[0]} is resolved against the {@code PATH} of {@code env} when it has
 * no slash. {@code env} is the complete environment of the child, nothing is added to it.
 */
public record SpawnRequest(List<String> argv, Map<String, String> env, Path cwd, Path stdoutLog, Path stderrLog) {
    public SpawnRequest {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty");
        }
        env = Map.copyOf(env);
        Objects.requireNonNull(cwd, "cwd");
        Objects.requireNonNull(stdoutLog, "stdoutLog");
        Objects.requireNonNull(stderrLog, "stderrLog");
    }
}
