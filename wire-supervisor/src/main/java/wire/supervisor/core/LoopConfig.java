package wire.supervisor.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the daemon tells the loop about itself.
 *
 * @param supervisorVersion this supervisor's version, for stale-binary detection
 * @param daemonEnv the daemon's own environment; children get it minus every {@code WIRE_*} key
 * @param builtInDaemonArgv what a session without {@code command} runs, e.g.
 *     {@code [java, -jar, wire.jar, daemon]}
 * @param probeInterval how often a stop in progress checks whether its processes are gone
 * @param killTimeout how long processes may survive SIGKILL before a stop fails with
 *     {@code stop_timeout}
 * @param spawnHelpers threads besides the loop's own that start children when a pass starts
 *     several ({@link SpawnBatch}); 0 starts them one by one on the loop thread. Above 0 the
 *     process control and the loop's clock are used from those threads too, so both must be
 *     thread-safe (the real ones are).
 */
public record LoopConfig(String supervisorVersion, Map<String, String> daemonEnv, List<String> builtInDaemonArgv,
        Duration probeInterval, Duration killTimeout, int spawnHelpers) {
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMillis(50);

    public LoopConfig {
        Objects.requireNonNull(supervisorVersion, "supervisorVersion");
        daemonEnv = Map.copyOf(daemonEnv);
        builtInDaemonArgv = List.copyOf(builtInDaemonArgv);
        if (builtInDaemonArgv.isEmpty()) {
            throw new IllegalArgumentException("builtInDaemonArgv is empty");
        }
        if (probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("probeInterval <= 0: " + probeInterval);
        }
        if (killTimeout.isNegative() || killTimeout.isZero()) {
            throw new IllegalArgumentException("killTimeout <= 0: " + killTimeout);
        }
        if (spawnHelpers < 0) {
            throw new IllegalArgumentException("spawnHelpers < 0: " + spawnHelpers);
        }
    }

    /** Children started one by one on the loop thread, in order: what tests over a fake OS want. */
    public LoopConfig(String supervisorVersion, Map<String, String> daemonEnv, List<String> builtInDaemonArgv,
            Duration probeInterval, Duration killTimeout) {
        this(supervisorVersion, daemonEnv, builtInDaemonArgv, probeInterval, killTimeout, 0);
    }

    /**
     * The defaults: 50 ms probes while stopping, 5 s allowed after SIGKILL, one spawn helper per
     * core beyond the loop's own (at most three).
     */
    public static LoopConfig of(String supervisorVersion, Map<String, String> daemonEnv,
            List<String> builtInDaemonArgv) {
        return new LoopConfig(supervisorVersion, daemonEnv, builtInDaemonArgv, DEFAULT_PROBE_INTERVAL,
                Reconciler.DEFAULT_KILL_TIMEOUT, SpawnBatch.helpersForThisMachine());
    }
}
