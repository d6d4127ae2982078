package wire.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads /proc the way a person checking the machine would: who is alive, and with which env. */
public final class Procs {
    private Procs() {}

    /** Pids of live processes whose environment has {@code WIRE_HOME} equal to or under {@code home}. */
    public static List<Long> withWireHomeUnder(Path home) {
        return withEnvUnder("WIRE_HOME", home);
    }

    /** Pids of live processes whose environment sets {@code key} to {@code dir} or a path under it. */
    public static List<Long> withEnvUnder(String key, Path dir) {
        String prefix = dir.toString();
        String assignment = key + "=";
        List<Long> pids = new ArrayList<>();
        for (long pid : allPids()) {
            environ(pid).ifPresent(env -> {
                for (String entry : env) {
                    if (entry.startsWith(assignment)) {
                        String value = entry.substring(assignment.length());
                        if (value.equals(prefix) || value.startsWith(prefix + "/")) {
                            pids.add(pid);
                        }
                    }
                }
            });
        }
        return pids;
    }

    /** Pids of live processes whose command line mentions {@code text}. */
    public static List<Long> withCmdlineContaining(String text) {
        List<Long> pids = new ArrayList<>();
        for (long pid : allPids()) {
            if (pid == ProcessHandle.current().pid()) {
                continue;
            }
            if (cmdline(pid).contains(text)) {
                pids.add(pid);
            }
        }
        return pids;
    }

    public static Optional<List<String>> environ(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
            return Optional.of(List.of(new String(raw, StandardCharsets.UTF_8).split("\0")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Alive and not a zombie. */
    public static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Field 22 of /proc/PID/stat: the start time in clock ticks since boot. */
    public static long startTime(long pid) {
        return Long.parseLong(statFields(pid)[19]);
    }

    /** Field 5 of /proc/PID/stat: the process group. */
    public static long processGroup(long pid) {
        return Long.parseLong(statFields(pid)[2]);
    }

    /** utime + stime of a process in clock ticks (/proc/PID/stat fields 14 and 15). */
    public static long cpuTicks(long pid) {
        String[] f = statFields(pid);
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The command line with its arguments joined by spaces; empty when the process is gone. */
    public static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** The fields of /proc/PID/stat after the command name, which may hold spaces and parentheses. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void killHard(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    public static List<Long> allPids() {
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
    }
}
