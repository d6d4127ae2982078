package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import wire.protocol.WireVersion;

/** {@code wire supervisor version}: this client's version and the running daemon's. */
@Command(name = "version", description = "The client's version and the supervisor's.")
final class SupervisorVersion implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        Wire wire = global.wire();
        Daemon daemon = wire.daemon();
        String client = "client: wire " + WireVersion.current() + "\n";
        JsonNode result;
        try (DaemonClient c = daemon.connect()) {
            result = c.call("version", null);
        } catch (DaemonDown down) {
            if (!wire.json()) {
                wire.out().print(client);
                wire.out().flush();
            }
            throw down;
        }
        wire.emit(result, client + "supervisor: wire " + Nodes.textOr(result, "version", "?")
                + " (protocol " + Nodes.textOr(result, "protocol", "?")
                + ", pid " + Nodes.textOr(result, "pid", "?")
                + ", java " + Nodes.textOr(result, "java", "?")
                + ", started " + Nodes.textOr(result, "started_at", "?") + ")\n");
        return ExitCodes.OK;
    }
}
