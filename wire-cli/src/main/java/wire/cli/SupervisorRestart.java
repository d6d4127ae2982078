package wire.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code wire supervisor restart (NAME... | --all | --stale)}: a new child now, no backoff wait. */
@Command(name = "restart", description = "Restart sessions, skipping any backoff delay.")
final class SupervisorRestart implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    TargetSelection target;

    @Option(names = "--stale", description = "The sessions whose running binary is older than the supervisor or changed.")
    boolean stale;

    @Override
    public Integer call() throws Exception {
        return TargetSelection.send(global.wire(), "restart", target.params(true, stale));
    }
}
