package wire.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import wire.ipc.WirePaths;

/**
 * Everything a command takes from outside the process: the environment (never
 * {@code System.getenv()} directly, so tests point {@code WIRE_ROOT} at a temp dir), how to reach
 * the daemon, and the clock that stamps {@code session rm}'s {@code .removed} directory.
 */
record CliContext(Map<String, String> env, DaemonConnector connector, Clock clock) {
    CliContext {
        env = Map.copyOf(env);
    }

    /** The real world: this process's environment, the Unix socket, the system clock. */
    static CliContext system() {
        return new CliContext(System.getenv(), SocketDaemonClient::connect, Clock.systemUTC());
    }

    Path root() {
        return WirePaths.root(env);
    }

    Path defaultSocket() {
        return WirePaths.socket(env);
    }

    /** {@code WIRE_DEBUG=1}: print stack traces of unexpected failures. */
    boolean debug() {
        return "1".equals(env.get("WIRE_DEBUG"));
    }
}
