package wire.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import wire.ipc.WirePaths;

/**
 * Everything a command takes from outside the process: the environment (never
 * {@code System.getenv()} directly, so tests point {@code WIRE_ROOT} at a temp dir), how to reach
 * the daemon, the clock that stamps {@code session rm}'s {@code .removed} directory, how to start
 * the daemon when it is down (autospawn), and how to run {@code systemctl}/{@code launchctl}.
 */
record CliContext(Map<String, String> env, DaemonConnector connector, Clock clock, DaemonStarter starter,
        SystemCommands commands) {
    CliContext {
        env = Map.copyOf(env);
    }

    /** A context that starts no process: no autospawn, no service manager calls. */
    CliContext(Map<String, String> env, DaemonConnector connector, Clock clock) {
        this(env, connector, clock, DaemonStarter.NONE, SystemCommands.NONE);
    }

    /** The real world: this process's environment, the Unix socket, the system clock. */
    static CliContext system() {
        return new CliContext(System.getenv(), SocketDaemonClient::connect, Clock.systemUTC(), DaemonStarter.real(),
                SystemCommands.real());
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
