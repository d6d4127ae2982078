package wire.supervisor.process;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Everything the supervisor asks of the operating system about processes, behind one small
 * interface so its implementation can change (DESIGN.md, "Spawning and memory").
 *
 * <p>Implementations are thread-safe. Exit listeners run on the implementation's own watcher
 * thread and must hand work off quickly (the event loop enqueues an event and returns).
 */
public interface ProcessControl extends AutoCloseable {

    /**
     * Starts {@code request.argv()} as the leader of a new session and process group, with
     * exactly {@code request.env()} as its environment, stdin from {@code /dev/null}, stdout and
     * stderr appended to the given files, no other inherited descriptor, default signal
     * dispositions and an empty signal mask.
     *
     * @throws SpawnException with the operating system's message when the program cannot be
     *     started (missing binary, bad cwd, permission denied)
     */
    SpawnedChild spawn(SpawnRequest request) throws SpawnException;

    /**
     * Calls {@code listener} once when process {@code pid} ends. For our own children
     * ({@code ownChild}) the exit is reaped and its code or signal reported; for any other
     * process (adopted after a supervisor restart, external) the status is unknown and reported
     * as {@link ExitStatus#UNKNOWN}. If {@code expectedStartTime} is present and the live process
     * has another start time (the pid was reused), the listener is called at once with UNKNOWN
     * and nothing is watched.
     */
    void watch(long pid, boolean ownChild, OptionalLong expectedStartTime, ExitListener listener);

    /** Sends {@code signal} to every process of group {@code pgid}; false if the group is gone. */
    boolean signalGroup(long pgid, int signal);

    /**
     * Whether any member of group {@code pgid} still runs. Unlike {@code signalGroup(pgid, 0)} this
     * ignores members that have exited and only wait to be reaped (orphaned zombies).
     */
    boolean groupAlive(long pgid);

    /**
     * The groups among {@code pgids} of which a member still runs: {@link #groupAlive} for many
     * groups at once, for the price of one look at the process table however many there are.
     */
    Set<Long> groupsAlive(Collection<Long> pgids);

    /** Sends {@code signal} to one process; false if it no longer exists. */
    boolean signal(long pid, int signal);

    /**
     * The start time of {@code pid} in clock ticks since boot (field 22 of /proc/pid/stat); empty
     * when no such process runs, an exited one waiting to be reaped (a zombie) included.
     */
    OptionalLong startTime(long pid);

    /**
     * Now, on the clock of {@link #startTime}: clock ticks since boot. A process started after
     * this call has a start time of at least the value returned.
     */
    long ticksSinceBoot();

    /** This boot's id ({@code /proc/sys/kernel/random/boot_id}): start times of two boots do not compare. */
    String bootId();

    /** The process group id of {@code pid}, if it exists. */
    OptionalLong processGroup(long pid);

    /** Every live process whose environment contains exactly {@code key=value}. */
    List<Long> processesWithEnv(String key, String value);

    /**
     * For each of {@code values}, every live process whose environment contains exactly
     * {@code key=value}, in one pass over the process table; a value no process carries is absent.
     */
    Map<String, List<Long>> processesWithEnv(String key, Set<String> values);

    /** Whether live process {@code pid}'s environment contains exactly {@code key=value}. */
    boolean hasEnv(long pid, String key, String value);

    /**
     * Every live process whose environment sets {@code key} to a value starting with
     * {@code valuePrefix}, except those whose pid {@code skip} accepts: their environment is not
     * read at all (a caller that knows most matches already, as {@code list} knows every session's
     * child, saves a read of each).
     */
    List<EnvMatch> processesWithEnvPrefix(String key, String valuePrefix, LongPredicate skip);

    /** A process found by its environment: its pid, the matching variable's value, its command line. */
    record EnvMatch(long pid, String value, String cmdline) {}

    /**
     * A string that changes when the file at {@code executable} is replaced or rewritten (an
     * upgrade), used to tell a stale binary; empty if it cannot be read.
     */
    String executableFingerprint(String executable);

    /** Stops the watcher; pending listeners are not called. */
    @Override
    void close();
}
