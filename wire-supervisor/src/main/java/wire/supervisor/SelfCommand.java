package wire.supervisor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start this same wire again as a new process: the supervisor detaching itself, and the
 * argv of the built-in session daemon that sessions without a {@code command} run. Uses the JVM
 * and class path of the running process, so a child runs exactly the build its supervisor runs
 * (an upgrade shows up as a stale binary, not as a silent mix).
 */
final class SelfCommand {
    /**
     * Flags for long-running wire JVMs, which are idle nearly all the time. Each was measured on the
     * supervisor with 200 sessions (docs/performance.md, daemon idle CPU and memory).
     */
    private static final List<String> DAEMON_JVM_FLAGS = List.of(
            "--enable-native-access=ALL-UNNAMED",
            // Small heap, one GC thread, C1 only (DESIGN.md, memory facts).
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:ReservedCodeCacheSize=16m",
            "-XX:MaxMetaspaceSize=64m",
            // The monitor deflation thread wakes every 250 ms and the service thread every 1 s to look
            // for work an idle daemon never has: 3.8 and 1.1 ms of CPU per 30 s, 150 wake-ups, more
            // than the rest of the idle daemon together. Idle monitors are still deflated, every 60 s
            // (GuaranteedAsyncDeflationInterval), and the service thread still runs when notified.
            "-XX:+UnlockDiagnosticVMOptions", "-XX:AsyncDeflationInterval=0", "-XX:ServiceThreadCleanupInterval=60000");

    /**
     * The supervisor's heap cap. Measured with 200 sessions (docs/performance.md): 5.2 MiB live
     * after a full GC; RSS 87 MiB with {@code -Xmx64m}, 78 MiB with {@code -Xmx32m}, 72 MiB with
     * {@code -Xmx16m}. 32m leaves about six times that live set; 1,000 sessions are not measured yet.
     */
    static final String SUPERVISOR_HEAP = "32m";

    /**
     * The supervisor's initial heap. Without it the heap starts at its cap, and the young
     * generation a third of it, whose every page the allocation of start-up touches once: with
     * {@code -Xms8m} the heap grows only as far as the live set needs, 74 → 67.5 MiB RSS at 200
     * sessions (docs/performance.md, daemon memory).
     */
    static final String SUPERVISOR_INITIAL_HEAP = "8m";

    /**
     * How the supervisor's heap shrinks at the full GC the housekeeper runs after a burst of
     * clients ({@link AfterBurst}). By default the serial collector shrinks 0 % at the first full
     * GC, 10 % at the second and so on ({@code ShrinkHeapInSteps}), and only down to 70 % free: after
     * 200 clients the heap stayed at its 32 MiB cap, or came down to 22.6 MiB with steps off. With
     * both, one full GC takes it to 11.3 MiB committed (8.7 before the burst), RSS 97 → 70 MiB at
     * 200 sessions (docs/performance.md, "After a burst of clients"). Growth is unchanged: the heap
     * still keeps at least {@code MinHeapFreeRatio} (40 %) free after a full GC.
     */
    static final List<String> SUPERVISOR_HEAP_SHRINK = List.of("-XX:-ShrinkHeapInSteps", "-XX:MaxHeapFreeRatio=40");

    private SelfCommand() {}

    /**
     * The supervisor in the foreground, as the detaching start and the service unit run it: the
     * same flags for both, and its own entry point rather than the CLI's.
     */
    static List<String> supervisor(RegistryOptions registry) {
        List<String> argv = new ArrayList<>(supervisorJvm());
        argv.addAll(DaemonAotCache.flags());
        argv.add("-cp");
        argv.add(absoluteClassPath(System.getProperty("java.class.path")));
        argv.add(SupervisorMain.class.getName());
        argv.addAll(registry.args());
        return argv;
    }

    /** Prints the supervisor's JVM flags, one per line, for benchmarks that start it by hand (bench/daemon_start.sh). */
    public static void main(String[] args) {
        supervisorJvm().stream().skip(1).forEach(System.out::println);
    }

    /** The supervisor's JVM and its flags, up to the class path: also what its AOT cache is trained with. */
    static List<String> supervisorJvm() {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(DAEMON_JVM_FLAGS);
        argv.add("-Xms" + SUPERVISOR_INITIAL_HEAP);
        argv.add("-Xmx" + SUPERVISOR_HEAP);
        argv.addAll(SUPERVISOR_HEAP_SHRINK);
        return argv;
    }

    private static List<String> java(List<String> heap, String mainClass, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(DAEMON_JVM_FLAGS);
        argv.addAll(heap);
        argv.add("-cp");
        argv.add(absoluteClassPath(System.getProperty("java.class.path")));
        argv.add(mainClass);
        argv.addAll(args);
        return argv;
    }

    /**
     * The class path with every entry made absolute: the new process starts in another directory
     * (the root for the detached supervisor, a session's cwd, whatever a service manager picks), so
     * {@code java -jar wire-cli/target/wire.jar} must not leave a relative path behind.
     */
    static String absoluteClassPath(String classPath) {
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** What a session without {@code command} runs: {@code wire daemon}. */
    static List<String> builtInSessionDaemon() {
        return java(List.of("-Xmx16m"), SessionDaemonMain.class.getName(), List.of());
    }
}
