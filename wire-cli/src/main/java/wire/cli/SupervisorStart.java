package wire.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code wire supervisor start (NAME... | --all)}: start now, overriding backoff and the idle filter. */
@Command(name = "start", description = "Start sessions (their intent becomes up).")
final class SupervisorStart implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    TargetSelection target;

    @Override
    public Integer call() throws Exception {
        return TargetSelection.send(global.wire(), "start", target.params());
    }
}
