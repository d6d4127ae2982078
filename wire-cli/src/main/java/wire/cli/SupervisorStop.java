package wire.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code wire supervisor stop (NAME... | --all) [--grace S]}: stop and keep stopped. */
@Command(name = "stop", description = "Stop sessions (their intent becomes down, and stays so).")
final class SupervisorStop implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    TargetSelection target;

    @Option(names = "--grace", paramLabel = "S", description = "Seconds between the stop signal and SIGKILL (default: the session's stop_grace_seconds).")
    Long graceSeconds;

    @Override
    public Integer call() throws Exception {
        ObjectNode params = target.params();
        if (graceSeconds != null) {
            if (graceSeconds < 0) {
                throw CliFailure.usage("--grace must be 0 or more seconds, not " + graceSeconds);
            }
            params.put("grace_seconds", graceSeconds);
        }
        return TargetSelection.send(global.wire(), "stop", params);
    }
}
