package wire.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One pass over /proc: every live (non-zombie) process that carries a {@code WIRE_HOME}, with its
 * parent. A soak looks at dozens of sessions many times a second, so it reads /proc once per look
 * rather than once per session, and reads a process's environment only once per program it runs:
 * on a shared machine with thousands of processes, reading every environment on every look made
 * one look take most of a second.
 */
final class ProcTable {
    record Proc(long pid, long ppid, String wireHome) {}

    /**
     * What a process's environment said, valid while the process runs the same program: the
     * environment changes only at exec, and exec changes the command name (a child caught between
     * fork and exec still has its parent's environment and name).
     */
    private record Known(long startTime, String command, String wireHome) {}

    private static final Map<Long, Known> KNOWN = new ConcurrentHashMap<>();

    private final Map<String, List<Proc>> byHome;

    private ProcTable(Map<String, List<Proc>> byHome) {
        this.byHome = byHome;
    }

    static ProcTable scan() {
        Map<String, List<Proc>> byHome = new HashMap<>();
        Set<Long> seen = new HashSet<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path dir : s.toList()) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                seen.add(pid);
                Proc p = read(pid, dir);
                if (p != null) {
                    byHome.computeIfAbsent(p.wireHome(), k -> new ArrayList<>()).add(p);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        KNOWN.keySet().retainAll(seen);
        return new ProcTable(byHome);
    }

    /** Live processes whose {@code WIRE_HOME} is exactly {@code home}. */
    List<Proc> of(Path home) {
        return byHome.getOrDefault(home.toString(), List.of());
    }

    /**
     * The session's process-tree roots: its processes whose parent is not one of them. A healthy
     * session has exactly one, its child; orphans of a killed child show up as extra roots.
     */
    List<Long> roots(Path home) {
        List<Proc> procs = of(home);
        Set<Long> pids = procs.stream().map(Proc::pid).collect(Collectors.toSet());
        return procs.stream().filter(p -> !pids.contains(p.ppid())).map(Proc::pid).sorted().toList();
    }

    private static Proc read(long pid, Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"));
            int close = stat.lastIndexOf(')');
            char state = stat.charAt(close + 2);
            if (state == 'Z' || state == 'X') {
                return null;
            }
            String command = stat.substring(stat.indexOf('(') + 1, close);
            String[] after = stat.substring(close + 2).split(" ");
            long ppid = Long.parseLong(after[1]);
            long startTime = Long.parseLong(after[19]); // field 22 of stat(5)
            Known known = KNOWN.get(pid);
            if (known == null || known.startTime() != startTime || !known.command().equals(command)) {
                byte[] environ = Files.readAllBytes(dir.resolve("environ"));
                known = new Known(startTime, command, wireHome(environ));
                // An empty read is not an answer: in the middle of exec the new program's name is
                // already set while its environment is not (and a kernel thread has none). Kept,
                // it would hide a freshly spawned child for the rest of its life.
                if (environ.length > 0) {
                    KNOWN.put(pid, known);
                }
            }
            return known.wireHome().isEmpty() ? null : new Proc(pid, ppid, known.wireHome());
        } catch (IOException | RuntimeException e) {
            return null; // gone while we looked, or not ours to read
        }
    }

    /** The process's {@code WIRE_HOME}, or "" without one. */
    private static String wireHome(byte[] environ) {
        String env = new String(environ, StandardCharsets.UTF_8);
        for (String entry : env.split("\0")) {
            if (entry.startsWith("WIRE_HOME=")) {
                return entry.substring("WIRE_HOME=".length());
            }
        }
        return "";
    }

    /** fd count, OS thread count and resident memory of a process. */
    record Usage(int fds, int threads, long rssKib) {
        static Usage of(long pid) {
            try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                int fdCount = (int) fds.count();
                int threads = 0;
                long rss = 0;
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("Threads:")) {
                        threads = Integer.parseInt(line.substring(8).trim());
                    } else if (line.startsWith("VmRSS:")) {
                        rss = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                    }
                }
                return new Usage(fdCount, threads, rss);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read /proc/" + pid, e);
            }
        }
    }
}
