package wire.supervisor.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import wire.protocol.SessionSpec;
import wire.supervisor.process.SpawnRequest;

/**
 * Builds what a session's child is started with (DESIGN.md, "Child environment"). Pure.
 *
 * <p>The environment is the daemon's minus every {@code WIRE_*} key, plus the session's
 * {@code env}, plus exactly one wire variable, {@code WIRE_HOME}. The session name is never
 * passed: a child that took it as an argument is how seed 001's fork storm began.
 */
final class Spawner {
    private final Map<String, String> daemonEnv;
    private final List<String> builtInDaemonArgv;

    Spawner(Map<String, String> daemonEnv, List<String> builtInDaemonArgv) {
        this.daemonEnv = Map.copyOf(daemonEnv);
        this.builtInDaemonArgv = List.copyOf(builtInDaemonArgv);
    }

    List<String> argv(SessionSpec spec) {
        return spec.usesBuiltInDaemon() ? builtInDaemonArgv : spec.command();
    }

    static Path cwd(SessionSpec spec, Path home) {
        return spec != null && spec.cwd() != null ? Path.of(spec.cwd()) : home;
    }

    Map<String, String> env(SessionSpec spec, String wireHome) {
        Map<String, String> env = new TreeMap<>();
        daemonEnv.forEach((k, v) -> {
            if (!isWire(k)) {
                env.put(k, v);
            }
        });
        // The parser refuses WIRE_* keys in session.json; dropping them again keeps the rule here too.
        spec.env().forEach((k, v) -> {
            if (!isWire(k)) {
                env.put(k, v);
            }
        });
        env.put("WIRE_HOME", wireHome);
        return env;
    }

    SpawnRequest request(SessionSpec spec, Path home, String wireHome) {
        return new SpawnRequest(argv(spec), env(spec, wireHome), cwd(spec, home), StateFiles.stdoutLog(home),
                StateFiles.stderrLog(home));
    }

    private static boolean isWire(String key) {
        return key.startsWith("WIRE_");
    }
}
