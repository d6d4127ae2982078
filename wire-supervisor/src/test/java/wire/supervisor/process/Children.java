package wire.supervisor.process;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@link LinuxProcessControl} for one test, a scratch directory, and the children the
 * test starts through it. Every child is watched (and so reaped) as soon as it is spawned; its
 * exit is {@link #exit}. After the test every group it started and every stray pid it named is
 * killed, every child is awaited, and the control is closed.
 */
final class Children implements BeforeEachCallback, AfterEachCallback {
    private static final int SIGKILL = 9;

    private final Map<Long, CompletableFuture<ExitStatus>> exits = new ConcurrentHashMap<>();
    private final List<Long> strays = new ArrayList<>();
    private int threadsBeforeOpen;
    private LinuxProcessControl control;
    private Path dir;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("wire-process-").toRealPath();
        threadsBeforeOpen = liveThreads();
        control = LinuxProcessControl.open();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            exits.keySet().forEach(pgid -> control.signalGroup(pgid, SIGKILL));
            strays.forEach(pid -> control.signal(pid, SIGKILL));
            Awaits.await().until(() -> exits.values().stream().allMatch(CompletableFuture::isDone));
        } finally {
            control.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    LinuxProcessControl control() {
        return control;
    }

    Path dir() {
        return dir;
    }

    Path stdout() {
        return dir.resolve("stdout.log");
    }

    Path stderr() {
        return dir.resolve("stderr.log");
    }

    /** Live platform threads before the control under test was opened. */
    int threadsBeforeOpen() {
        return threadsBeforeOpen;
    }

    static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** A minimal environment with the usual PATH. */
    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        return env;
    }

    SpawnedChild spawn(String... argv) throws SpawnException {
        return spawn(env(), argv);
    }

    SpawnedChild spawn(Map<String, String> env, String... argv) throws SpawnException {
        return spawn(new SpawnRequest(List.of(argv), env, dir, stdout(), stderr()));
    }

    SpawnedChild spawn(SpawnRequest request) throws SpawnException {
        SpawnedChild child = control.spawn(request);
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        exits.put(child.pid(), exit);
        control.watch(child.pid(), true, OptionalLong.of(child.startTime()), (pid, status) -> exit.complete(status));
        return child;
    }

    CompletableFuture<ExitStatus> exit(SpawnedChild child) {
        return exits.get(child.pid());
    }

    ExitStatus awaitExit(SpawnedChild child) throws Exception {
        return exit(child).get(10, TimeUnit.SECONDS);
    }

    /** A process outside our groups (an escapee, an orphan) to kill after the test. */
    void killAfterwards(long pid) {
        strays.add(pid);
    }
}
