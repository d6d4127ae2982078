package wire.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The supervisor's own JDK AOT cache (JEP 483/514), next to the jar as {@code <jar>-daemon.aot}:
 * the classes the supervisor loads, parsed and linked ahead of time, which halves its start-up
 * (docs/performance.md, "Daemon start-up") at no cost in memory. It is made by a training run
 * ({@link DaemonAotTraining}) with exactly the supervisor's JVM flags, in the background after a
 * detaching start found none, or at once by {@code java -cp wire.jar wire.supervisor.DaemonAotCache}.
 * A cache is used only when it is at least as new as the jar and was made by this JDK; a missing,
 * stale or unusable one costs start-up time and nothing else.
 */
public final class DaemonAotCache {
    /** A lock left by a trainer that was killed expires after this long (as bin/wire's does). */
    static final Duration STALE_LOCK = Duration.ofMinutes(10);

    private DaemonAotCache() {}

    /** Trains the cache of the jar this runs from, now, unless a usable one exists. Exit 1 if none results. */
    public static void main(String[] args) throws IOException, InterruptedException {
        Optional<Path> jar = jarOf(System.getProperty("java.class.path"));
        if (jar.isEmpty()) {
            System.err.println("wire: the daemon's AOT cache is made for a jar; this runs from "
                    + System.getProperty("java.class.path"));
            System.exit(1);
            return;
        }
        if (usable(jar.get(), javaHome()).isPresent()) {
            return;
        }
        Path output = Files.createTempFile("wire-daemon-aot", ".log");
        try {
            Process p = new ProcessBuilder(trainingCommand(jar.get())).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            p.waitFor();
            if (usable(jar.get(), javaHome()).isEmpty()) {
                System.err.println("wire: no AOT cache for the supervisor was made; the training run said:");
                System.err.print(Files.readString(output));
                System.exit(1);
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The one jar a class path consists of; empty for anything else (a build's class directories). */
    static Optional<Path> jarOf(String classPath) {
        String[] entries = SelfCommand.absoluteClassPath(classPath).split(java.io.File.pathSeparator);
        return entries.length == 1 && entries[0].endsWith(".jar") ? Optional.of(Path.of(entries[0])) : Optional.empty();
    }

    static Path cacheFor(Path jar) {
        String name = jar.getFileName().toString();
        return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + "-daemon.aot");
    }

    /** The cache of {@code jar}, when it exists, is not older than the jar and was made by {@code javaHome}. */
    static Optional<Path> usable(Path jar, String javaHome) {
        Path cache = cacheFor(jar);
        try {
            FileTime made = Files.getLastModifiedTime(cache);
            if (made.compareTo(Files.getLastModifiedTime(jar)) < 0 || Files.size(cache) == 0) {
                return Optional.empty();
            }
            String madeBy = Files.readString(jdkFile(cache), StandardCharsets.UTF_8).strip();
            return madeBy.equals(javaHome) ? Optional.of(cache) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The cache flags for the supervisor's command line, when this JVM runs from a jar with a usable cache. */
    static List<String> flags() {
        return jarOf(System.getProperty("java.class.path")).flatMap(jar -> usable(jar, javaHome()))
                .map(cache -> List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off"))
                .orElse(List.of());
    }

    /**
     * Starts a training run in the background, detached (its own session, output discarded), when
     * this JVM runs from a jar whose cache is missing or stale and no other trainer holds the lock.
     * Never fails: a cache is an optimisation.
     */
    static void trainInBackground() {
        Optional<Path> jar = jarOf(System.getProperty("java.class.path"));
        if (jar.isEmpty() || usable(jar.get(), javaHome()).isPresent()) {
            return;
        }
        List<String> command;
        try {
            command = trainingCommand(jar.get());
        } catch (IOException e) {
            return; // another trainer holds the lock, or the jar's directory is not ours to write
        }
        try {
            DetachedProcess.start(command, Map.of("PATH", "/usr/bin:/bin"), jar.get().getParent(), Path.of("/dev/null"));
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(lock(cacheFor(jar.get())));
            } catch (IOException ignored) {
                // expires by itself
            }
        }
    }

    /**
     * Takes the trainer's lock and returns the command of one training run: the JVM records the
     * cache at its exit into a temporary file, which replaces the cache only when it is not empty.
     */
    static List<String> trainingCommand(Path jar) throws IOException {
        Path cache = cacheFor(jar);
        Path lock = lock(cache);
        expireStaleLock(lock);
        Files.createDirectory(lock); // fails while another trainer runs
        Path tmp = cache.resolveSibling(cache.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        List<String> java = new ArrayList<>(SelfCommand.supervisorJvm());
        java.add("-XX:AOTCacheOutput=" + tmp);
        java.add("-cp");
        java.add(jar.toString());
        java.add(DaemonAotTraining.class.getName());
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
                "tmp=" + quote(tmp.toString()) + "; cache=" + quote(cache.toString()) + "; "
                        + "if \"$@\" && [ -s \"$tmp\" ]; then mv -f \"$tmp\" \"$cache\" && printf '%s\\n' "
                        + quote(javaHome()) + " > " + quote(jdkFile(cache).toString()) + "; fi; "
                        + "rm -f \"$tmp\" \"$tmp.config\"; rmdir " + quote(lock.toString()),
                "wire-daemon-aot-training"));
        command.addAll(java);
        return command;
    }

    private static void expireStaleLock(Path lock) {
        try {
            Instant since = Files.getLastModifiedTime(lock).toInstant();
            if (since.plus(STALE_LOCK).isBefore(Instant.now())) {
                Files.deleteIfExists(lock);
            }
        } catch (IOException e) {
            // no lock
        }
    }

    private static Path lock(Path cache) {
        return cache.resolveSibling(cache.getFileName() + ".lock");
    }

    private static Path jdkFile(Path cache) {
        return cache.resolveSibling(cache.getFileName() + ".jdk");
    }

    private static String javaHome() {
        return System.getProperty("java.home");
    }

    /** A single-quoted shell word. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
