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
    /** The CLI's entry point; named here as a string so this module does not depend on the CLI. */
    static final String MAIN_CLASS = "wire.cli.Main";

    /** Flags for long-running wire JVMs: small heap, one GC thread, C1 only (DESIGN.md, memory facts). */
    private static final List<String> DAEMON_JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED",
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:ReservedCodeCacheSize=16m",
            "-XX:MaxMetaspaceSize=64m");

    /**
     * The supervisor's heap cap. Measured with 200 sessions (docs/performance.md): 5.2 MiB live
     * after a full GC; RSS 87 MiB with {@code -Xmx64m}, 78 MiB with {@code -Xmx32m}, 72 MiB with
     * {@code -Xmx16m}. 32m leaves about six times that live set; 1,000 sessions are not measured yet.
     */
    static final String SUPERVISOR_HEAP = "32m";

    private SelfCommand() {}

    static List<String> java(String maxHeap, String... args) {
        return java(maxHeap, MAIN_CLASS, List.of(args));
    }

    /**
     * The supervisor in the foreground, as the detaching start and the service unit run it: the
     * same flags for both, and its own entry point rather than the CLI's.
     */
    static List<String> supervisor(RegistryOptions registry) {
        return java(SUPERVISOR_HEAP, SupervisorMain.class.getName(), registry.args());
    }

    private static List<String> java(String maxHeap, String mainClass, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(DAEMON_JVM_FLAGS);
        argv.add("-Xmx" + maxHeap);
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
        return java("16m", "daemon");
    }
}
