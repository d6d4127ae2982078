package wire.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import wire.supervisor.Daemons;
import wire.supervisor.RegistryOptions;

/**
 * {@code wire daemon}: with {@code --all-sessions} the supervisor, else the built-in per-session
 * daemon. The only class that references the supervisor module, so no other command loads it.
 */
@Command(name = "daemon", description = "Run the supervisor (--all-sessions) or the built-in session daemon.")
final class DaemonCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--all-sessions", description = "Run the supervisor of every session under WIRE_ROOT.")
    boolean allSessions;

    @Option(names = "--foreground", description = "With --all-sessions: do not detach.")
    boolean foreground;

    @Option(names = "--registry-poll", paramLabel = "S", description = "With --all-sessions: seconds between full rescans of the sessions, behind the file watch (default 300).")
    Double registryPoll;

    @Option(names = "--no-registry-watch", description = "With --all-sessions: no file watch; only the rescan, reload and SIGHUP see changes to the sessions.")
    boolean noRegistryWatch;

    @Option(names = "--interval", paramLabel = "S", description = "Without --all-sessions: seconds between last_sync.json writes (default 5).")
    Double interval;

    /**
     * What {@link #call} does for {@code wire daemon --all-sessions} exactly, the detaching start
     * people type and scripts run: {@link Main} calls it without picocli, whose set-up would be a
     * third of this JVM's life (the start of N sessions counts it, docs/performance.md). Any other
     * form of the command goes through picocli.
     */
    static int plainDetachingStart(Map<String, String> env) {
        return Daemons.runSupervisor(env, false, RegistryOptions.DEFAULTS);
    }

    @Override
    public Integer call() throws Exception {
        var env = global.wire().ctx.env();
        if (allSessions) {
            if (interval != null) {
                throw CliFailure.usage("--interval is for the per-session daemon, not with --all-sessions");
            }
            Duration poll = seconds("--registry-poll", registryPoll, RegistryOptions.DEFAULTS.poll().toSeconds());
            return Daemons.runSupervisor(env, foreground, new RegistryOptions(poll, !noRegistryWatch));
        }
        if (foreground || registryPoll != null || noRegistryWatch) {
            throw CliFailure.usage((foreground ? "--foreground" : registryPoll != null ? "--registry-poll"
                    : "--no-registry-watch") + " needs --all-sessions");
        }
        return Daemons.runSession(env, seconds("--interval", interval, 5));
    }

    private static Duration seconds(String option, Double value, double fallback) throws CliFailure {
        double s = value == null ? fallback : value;
        if (!(s > 0) || Double.isInfinite(s)) {
            throw CliFailure.usage(option + " must be a positive number of seconds, not " + value);
        }
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
