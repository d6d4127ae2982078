package wire.supervisor.process;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * Reads Linux's {@code /proc}. Every read tolerates a process that vanishes or is not ours to
 * read: that process is simply absent from the answer.
 *
 * <p>A whole-table pass reads one file per process on the machine, so callers that ask about many
 * groups or many values ask once for all of them (the {@code Set} forms below): a supervisor
 * stopping 1,000 sessions then reads the table once per look, not once per session.
 */
final class ProcFs {
    private static final Path PROC = Path.of("/proc");
    /** Environments are read through this much memory at a time, however large they are. */
    private static final int ENVIRON_CHUNK = 16 * 1024;

    private ProcFs() {}

    static Optional<ProcStat> stat(long pid) {
        try {
            // Latin-1, not UTF-8: comm is arbitrary bytes and must not make decoding fail.
            byte[] bytes = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("stat"));
            return ProcStat.parse(new String(bytes, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A live process found by one of its environment variables, with that variable's value. */
    record EnvHit(long pid, String value) {}

    /**
     * Every live process whose environment sets {@code key} to a value {@code wanted} accepts, in
     * one pass over the process table. A process that sets {@code key} twice is listed once per
     * accepted value. The pids {@code skip} accepts are passed over unread.
     */
    static List<EnvHit> processesWithEnv(String key, Predicate<String> wanted, LongPredicate skip) {
        EnvironReader reader = new EnvironReader(key);
        List<EnvHit> found = new ArrayList<>();
        for (long pid : pids()) {
            if (skip.test(pid)) {
                continue;
            }
            for (String value : reader.values(pid)) {
                if (wanted.test(value)) {
                    found.add(new EnvHit(pid, value));
                }
            }
        }
        return found;
    }

    /** Whether live process {@code pid} has {@code key=value} in its environment. */
    static boolean hasEnv(long pid, String key, String value) {
        return new EnvironReader(key).values(pid).contains(value);
    }

    /**
     * The groups among {@code pgids} with a process still running, in one pass over the process
     * table. Exited members (zombies) do not count: an orphaned zombie waits for its new parent to
     * reap it, which some init processes do only every few seconds, and it can do no harm meanwhile.
     */
    static Set<Long> groupsWithRunningMember(Set<Long> pgids) {
        Set<Long> running = new HashSet<>();
        for (long pid : pids()) {
            Optional<ProcStat> stat = stat(pid);
            if (stat.isPresent() && pgids.contains(stat.get().processGroup()) && !stat.get().exited()) {
                running.add(stat.get().processGroup());
                if (running.size() == pgids.size()) {
                    break;
                }
            }
        }
        return running;
    }

    /**
     * {@code /proc/uptime} in the unit of a start time: USER_HZ ticks, which Linux fixes at 100
     * for what it shows in {@code /proc}. Rounded down, so it never runs ahead of a start time.
     */
    static long uptimeTicks() {
        try {
            String uptime = Files.readString(PROC.resolve("uptime"), StandardCharsets.ISO_8859_1);
            String seconds = uptime.substring(0, uptime.indexOf(' '));
            return new BigDecimal(seconds).movePointRight(2).longValue();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc/uptime", e);
        }
    }

    static String bootId() {
        try {
            return Files.readString(PROC.resolve("sys/kernel/random/boot_id"), StandardCharsets.ISO_8859_1).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/sys/kernel/random/boot_id", e);
        }
    }

    static String cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, ProcFs::isPidDirectory)) {
            for (Path process : processes) {
                pids.add(Long.parseLong(process.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + PROC, e);
        }
        return pids;
    }

    private static boolean isPidDirectory(Path path) {
        String name = path.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * Streams NUL-separated environ files through one buffer and collects the values of one key,
     * matching entries byte by byte, so no file and no other entry is ever held whole. Not
     * thread-safe: one per pass.
     */
    private static final class EnvironReader {
        private final byte[] prefix;
        private final ByteBuffer buffer = ByteBuffer.allocate(ENVIRON_CHUNK);
        private byte[] value = new byte[256];

        EnvironReader(String key) {
            prefix = (key + "=").getBytes(StandardCharsets.UTF_8);
        }

        /** The values {@code key} has in {@code pid}'s environment; empty when gone or not ours to read. */
        List<String> values(long pid) {
            List<String> out = new ArrayList<>(1);
            try (FileChannel channel = FileChannel.open(PROC.resolve(Long.toString(pid)).resolve("environ"))) {
                int matched = 0; // bytes of the current entry that matched the prefix (or -1: not this key)
                int length = 0; // bytes of the value collected so far
                buffer.clear();
                while (channel.read(buffer) > 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        byte b = buffer.get();
                        if (b == 0) {
                            if (matched == prefix.length) {
                                out.add(new String(value, 0, length, StandardCharsets.UTF_8));
                            }
                            matched = 0;
                            length = 0;
                        } else if (matched == prefix.length) {
                            if (length == value.length) {
                                value = Arrays.copyOf(value, length * 2);
                            }
                            value[length++] = b;
                        } else if (matched >= 0 && prefix[matched] == b) {
                            matched++;
                        } else {
                            matched = -1;
                        }
                    }
                    buffer.clear();
                }
                if (matched == prefix.length) { // a last entry without its NUL
                    out.add(new String(value, 0, length, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                return List.of(); // gone, or another user's process
            }
            return out;
        }
    }
}
