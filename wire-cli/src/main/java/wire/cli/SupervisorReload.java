package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code wire supervisor reload}: rescan the sessions now; invalid ones make the exit code 1. */
@Command(name = "reload", description = "Rescan session.json files now.")
final class SupervisorReload implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        Wire wire = global.wire();
        JsonNode result;
        try (DaemonClient client = wire.daemon().connectForChange()) {
            result = client.call("reload", null);
        }
        Rendered rendered = ReloadRenderer.render(result);
        wire.emit(result, rendered.text());
        return rendered.exitCode();
    }
}
