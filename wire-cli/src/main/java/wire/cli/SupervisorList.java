package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code wire supervisor list}: the session table. With the daemon down it prints
 * {@code supervisor: not running (socket ...)} and what the disk says, and exits 3; the
 * {@code --json} shape of that case is documented on {@link OfflineView}.
 */
@Command(name = "list", description = "Every session and its state.")
final class SupervisorList implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        Wire wire = global.wire();
        Daemon daemon = wire.daemon();
        JsonNode result;
        try (DaemonClient client = daemon.connect()) {
            result = client.call("list", null);
        } catch (DaemonDown down) {
            List<OfflineView.Entry> entries = OfflineView.scan(wire.ctx.root());
            if (wire.json()) {
                wire.err().println(OfflineView.headline(daemon.socket()));
            } else {
                wire.out().println(OfflineView.headline(daemon.socket()));
            }
            wire.emit(OfflineView.toJson(daemon.socket(), entries), OfflineView.render(entries));
            return ExitCodes.UNREACHABLE;
        }
        wire.emit(result, ListRenderer.render(result));
        return ExitCodes.OK;
    }
}
