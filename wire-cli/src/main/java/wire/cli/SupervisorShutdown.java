package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import wire.protocol.Json;

/**
 * {@code wire supervisor shutdown [--stop-sessions]}. Connects without autospawn: bringing a daemon
 * up only to shut it down would be absurd, so a daemon that is down is reported (exit 3).
 */
@Command(name = "shutdown", description = "Stop the supervisor; sessions keep running unless --stop-sessions.")
final class SupervisorShutdown implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--stop-sessions", description = "Stop every session first.")
    boolean stopSessions;

    @Override
    public Integer call() throws Exception {
        Wire wire = global.wire();
        JsonNode result;
        try (DaemonClient client = wire.daemon().connect()) {
            result = client.call("shutdown", Json.mapper().createObjectNode().put("stop_sessions", stopSessions));
        }
        String text = stopSessions
                ? "supervisor shutting down; stopping: " + Nodes.joinOrNone(Nodes.strings(result, "stopping")) + "\n"
                : "supervisor shutting down; sessions keep running\n";
        wire.emit(result, text);
        return ExitCodes.OK;
    }
}
