package wire.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import wire.protocol.Json;
import wire.protocol.Notification;

/** {@code wire supervisor events [NAME...]}: state changes as they happen, a client of {@code subscribe}. */
@Command(name = "events", description = "Print session state changes until interrupted.")
final class SupervisorEvents implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Sessions to watch (default: all).")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ObjectNode params = Json.mapper().createObjectNode();
        if (!names.isEmpty()) {
            var array = params.putArray("sessions");
            for (String n : names) {
                array.add(Names.require(n));
            }
        }
        Wire wire = global.wire();
        try (DaemonClient client = wire.daemon().connect()) {
            return new StreamPrinter(wire, Set.of("subscription_end"), SupervisorEvents::line).run(client, "subscribe", params);
        }
    }

    /** {@code 2025-01-01T12:00:00Z api running -> backoff}. */
    static String line(Notification n) {
        if (!"session_state".equals(n.method())) {
            return null;
        }
        var p = n.params();
        return Nodes.textOr(p, "at", "?") + " " + Nodes.textOr(p, "session", "?") + " "
                + Nodes.textOr(p, "from", "?") + " -> " + Nodes.textOr(p, "to", "?");
    }
}
