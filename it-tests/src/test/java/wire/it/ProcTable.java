package wire.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One pass over /proc: every live (non-zombie) process that carries a {@code WIRE_HOME}, with its
 * parent. A soak looks at dozens of sessions many times a second, so it reads /proc once per look
 * rather than once per session.
 */
final class ProcTable {
    record Proc(long pid, long ppid, String wireHome) {}

    private final Map<String, List<Proc>> byHome;

    private ProcTable(Map<String, List<Proc>> byHome) {
        this.byHome = byHome;
    }

    static ProcTable scan() {
        Map<String, List<Proc>> byHome = new HashMap<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path dir : s.toList()) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                Proc p = read(Long.parseLong(name), dir);
                if (p != null) {
                    byHome.computeIfAbsent(p.wireHome(), k -> new ArrayList<>()).add(p);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
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
            long ppid = Long.parseLong(stat.substring(close + 4, stat.indexOf(' ', close + 4)));
            String env = new String(Files.readAllBytes(dir.resolve("environ")), StandardCharsets.UTF_8);
            for (String entry : env.split("\0")) {
                if (entry.startsWith("WIRE_HOME=")) {
                    return new Proc(pid, ppid, entry.substring("WIRE_HOME=".length()));
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // gone while we looked, or not ours to read
        }
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
