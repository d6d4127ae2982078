package wire.supervisor.process;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import wire.supervisor.os.Libc;

/**
 * Starts one child with glibc's {@code posix_spawn}: clone(CLONE_VM | CLONE_VFORK) and exec, so
 * nothing of the JVM runs in the child, and the child's setup is declared up front as spawn
 * attributes and file actions that glibc applies between clone and exec:
 *
 * <ul>
 *   <li>{@code POSIX_SPAWN_SETSID}: the child leads a new session and process group (pgid == pid);
 *   <li>{@code POSIX_SPAWN_SETSIGDEF} over every signal and {@code POSIX_SPAWN_SETSIGMASK} with an
 *       empty set: default dispositions and nothing blocked, whatever the JVM ignores or blocks;
 *   <li>fd 0 from /dev/null, fd 1 and 2 appended to the log files, then the cwd, then every
 *       descriptor from 3 up closed ({@code addclosefrom_np}, glibc 2.34), since the JVM does not
 *       open all of its descriptors close-on-exec.
 * </ul>
 *
 * <p>glibc reports a failed file action or exec as {@code posix_spawn}'s result (the child exits
 * 127 and glibc reaps it), so a bad program leaves no zombie and its error comes back here.
 */
final class PosixSpawner {
    private static final int LOG_MODE = 0644;

    private PosixSpawner() {}

    static SpawnedChild spawn(SpawnRequest request) throws SpawnException {
        Path cwd = request.cwd().toAbsolutePath();
        if (!Files.isDirectory(cwd)) {
            throw new SpawnException("cwd " + cwd + ": "
                    + (Files.exists(cwd) ? "Not a directory" : "No such file or directory"));
        }
        Path executable = Executables.resolve(request.argv().getFirst(), request.env(), cwd);
        Path stdout = logFile(request.stdoutLog());
        Path stderr = logFile(request.stderrLog());
        Instant spawnedAt = Instant.now();
        int pid;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Libc.POSIX_SPAWNATTR_T_SIZE);
            MemorySegment actions = arena.allocate(Libc.POSIX_SPAWN_FILE_ACTIONS_T_SIZE);
            setUp(executable, Libc.spawnattrInit(attr), "posix_spawnattr_init");
            try {
                setUp(executable, Libc.fileActionsInit(actions), "posix_spawn_file_actions_init");
                try {
                    setUp(executable, Libc.spawnattrSetflags(attr, (short) (Libc.POSIX_SPAWN_SETSID
                            | Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK)), "setflags");
                    setUp(executable, Libc.spawnattrSetsigdefault(attr, Libc.sigset(arena, true)), "setsigdefault");
                    setUp(executable, Libc.spawnattrSetsigmask(attr, Libc.sigset(arena, false)), "setsigmask");
                    int append = Libc.O_WRONLY | Libc.O_APPEND | Libc.O_CREAT;
                    setUp(executable, Libc.fileActionsAddopen(actions, 0, arena.allocateFrom("/dev/null"),
                            Libc.O_RDONLY, 0), "addopen(0)");
                    setUp(executable, Libc.fileActionsAddopen(actions, 1, arena.allocateFrom(stdout.toString()),
                            append, LOG_MODE), "addopen(1)");
                    setUp(executable, Libc.fileActionsAddopen(actions, 2, arena.allocateFrom(stderr.toString()),
                            append, LOG_MODE), "addopen(2)");
                    setUp(executable, Libc.fileActionsAddchdir(actions, arena.allocateFrom(cwd.toString())),
                            "addchdir_np");
                    setUp(executable, Libc.fileActionsAddclosefrom(actions, 3), "addclosefrom_np");

                    MemorySegment pidOut = arena.allocate(JAVA_INT);
                    int error = Libc.posixSpawn(pidOut, arena.allocateFrom(executable.toString()), actions, attr,
                            cStrings(arena, request.argv()), cStrings(arena, environment(request.env())));
                    if (error != 0) {
                        throw new SpawnException(failedStep(executable, cwd, List.of(stdout, stderr), error));
                    }
                    pid = pidOut.get(JAVA_INT, 0);
                } finally {
                    Libc.fileActionsDestroy(actions);
                }
            } finally {
                Libc.spawnattrDestroy(attr);
            }
        }
        // Our child cannot vanish from /proc before we reap it, so its stat is always there.
        long startTime = ProcFs.stat(pid).orElseThrow(
                () -> new IllegalStateException("no /proc/" + pid + "/stat for our own child")).startTime();
        String path = executable.toString();
        return new SpawnedChild(pid, pid, startTime, path, Executables.fingerprint(path), spawnedAt);
    }

    /**
     * posix_spawn reports one errno for all its steps: a log that cannot be opened and a program
     * that cannot be run both come back as, say, "Permission denied". The logs are tried again on
     * their own (after a failure only), so the message names the file that is at fault.
     */
    private static String failedStep(Path executable, Path cwd, List<Path> logs, int error) {
        for (Path log : logs) {
            int fd = Libc.open(log, Libc.O_WRONLY | Libc.O_APPEND | Libc.O_CREAT | Libc.O_CLOEXEC, LOG_MODE);
            if (fd < 0) {
                return "log file " + log + ": " + Libc.strerror(-fd);
            }
            Libc.close(fd);
        }
        return "spawn " + executable + ": " + Libc.strerror(error) + " (cwd " + cwd + ")";
    }

    private static Path logFile(Path log) throws SpawnException {
        Path absolute = log.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new SpawnException("log directory " + absolute.getParent() + ": " + e.getMessage());
        }
        return absolute;
    }

    private static List<String> environment(Map<String, String> env) {
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /** A NULL-terminated {@code char *[]} of NUL-terminated UTF-8 strings. */
    private static MemorySegment cStrings(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ADDRESS, strings.size() + 1L); // zeroed: last is NULL
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(strings.get(i)));
        }
        return array;
    }

    private static void setUp(Path executable, int error, String step) throws SpawnException {
        if (error != 0) {
            throw new SpawnException("spawn " + executable + ": " + step + ": " + Libc.strerror(error));
        }
    }
}
