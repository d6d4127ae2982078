package wire.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import wire.protocol.SessionStatus;
import wire.protocol.SupervisorInfo;
import wire.protocol.Unmanaged;
import wire.protocol.WireVersion;
import wire.supervisor.process.ProcessControl;

/** The {@code supervisor} object and the {@code unmanaged} list of {@code list}. */
final class SupervisorInfoSource {
    private final long pid;
    private final Instant startedAt;
    private final Path socket;
    private final Path root;
    private final Duration registryPoll;
    private final long maxIdleDays;
    private final String managedBy;
    private final ProcessControl processes;

    SupervisorInfoSource(long pid, Instant startedAt, Path socket, Path root, Duration registryPoll, long maxIdleDays,
            Map<String, String> env, ProcessControl processes) {
        this.pid = pid;
        this.startedAt = startedAt;
        this.socket = socket;
        this.root = root;
        this.registryPoll = registryPoll;
        this.maxIdleDays = maxIdleDays;
        this.managedBy = managedBy(env);
        this.processes = processes;
    }

    long pid() {
        return pid;
    }

    Instant startedAt() {
        return startedAt;
    }

    SupervisorInfo snapshot(Instant now) {
        return new SupervisorInfo(pid, WireVersion.current(), startedAt,
                Math.max(0, Duration.between(startedAt, now).toSeconds()), socket.toString(), root.toString(),
                registryPoll.toSeconds(), maxIdleDays, managedBy);
    }

    /**
     * Processes whose {@code WIRE_HOME} lies under this root but that belong to no session's
     * running process group: escapees, hand-started daemons of removed sessions, leftovers.
     */
    List<Unmanaged> unmanaged(List<SessionStatus> sessions) {
        Set<Long> managedGroups = new HashSet<>();
        Set<Long> managedPids = new HashSet<>();
        for (SessionStatus s : sessions) {
            if (s.pid() != null) {
                managedPids.add(s.pid());
            }
            if (s.pgid() != null) {
                managedGroups.add(s.pgid());
            }
        }
        String prefix = root.resolve("sessions") + "/";
        // Each session's own child is known: its environment need not be read (with 1,000
        // sessions, that is most of the /proc reads of a list).
        return processes.processesWithEnvPrefix("WIRE_HOME", prefix, managedPids::contains).stream()
                .filter(m -> m.pid() != pid && !managedPids.contains(m.pid())
                        && !managedGroups.contains(processes.processGroup(m.pid()).orElse(-1)))
                .map(m -> new Unmanaged(m.pid(), m.value(), m.cmdline()))
                .toList();
    }

    /**
     * Who restarts this daemon when it dies: systemd sets INVOCATION_ID for the units it runs,
     * launchd sets XPC_SERVICE_NAME to the job's label.
     */
    static String managedBy(Map<String, String> env) {
        if (env.containsKey("INVOCATION_ID")) {
            return "systemd";
        }
        String xpc = env.get("XPC_SERVICE_NAME");
        if (xpc != null && !xpc.isEmpty() && !xpc.equals("0")) {
            return "launchd";
        }
        return "none";
    }

}
