package wire.supervisor.process;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * Reads Linux's {@code /proc}. Every read tolerates a process that vanishes or is not ours to
 * read: that process is simply absent from the answer.
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

    /** Pids of the live processes whose environment holds the entry {@code key=value} exactly. */
    static List<Long> processesWithEnv(String key, String value) {
        byte[] entry = (key + "=" + value).getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(ENVIRON_CHUNK);
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, ProcFs::isPidDirectory)) {
            for (Path process : processes) {
                if (environContains(process.resolve("environ"), entry, buffer)) {
                    found.add(Long.parseLong(process.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + PROC, e);
        }
        return found;
    }

    /**
     * Whether any process of group {@code pgid} is still running. Exited members (zombies) do not
     * count: an orphaned zombie waits for its new parent to reap it, which some init processes do
     * only every few seconds, and it can do no harm meanwhile.
     */
    static boolean groupHasRunningMember(long pgid) {
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, ProcFs::isPidDirectory)) {
            for (Path process : processes) {
                Optional<ProcStat> stat = stat(Long.parseLong(process.getFileName().toString()));
                if (stat.isPresent() && stat.get().processGroup() == pgid && !stat.get().exited()) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + PROC, e);
        }
    }

    /**
     * Live processes whose environment has {@code key} set to a value starting with
     * {@code valuePrefix}, with that value and their command line (arguments joined by spaces);
     * the pids {@code skip} accepts are passed over unread.
     */
    static List<ProcessControl.EnvMatch> processesWithEnvPrefix(String key, String valuePrefix, LongPredicate skip) {
        byte[] wanted = (key + "=" + valuePrefix).getBytes(StandardCharsets.UTF_8);
        int valueOffset = (key + "=").getBytes(StandardCharsets.UTF_8).length;
        ReadBuffer environ = new ReadBuffer();
        List<ProcessControl.EnvMatch> found = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, ProcFs::isPidDirectory)) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                if (skip.test(pid)) {
                    continue;
                }
                String value = environValueWithPrefix(environ, "/proc/" + pid + "/environ", wanted, valueOffset);
                if (value != null) {
                    found.add(new ProcessControl.EnvMatch(pid, value, cmdline(process)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + PROC, e);
        }
        return found;
    }

    /**
     * The value (from byte {@code valueOffset} of the entry on) of the first entry of the
     * environment file {@code environ} that starts with the UTF-8 bytes {@code wanted}, or null.
     * Matched on the raw bytes, so only that value is ever decoded: a {@code list} reads the
     * environment of every process on the machine.
     */
    private static String environValueWithPrefix(ReadBuffer buffer, String environ, byte[] wanted, int valueOffset) {
        int length = buffer.readAll(environ);
        byte[] raw = buffer.bytes;
        int start = 0;
        while (start < length) {
            int end = start;
            while (end < length && raw[end] != 0) {
                end++;
            }
            if (end - start >= wanted.length && Arrays.equals(raw, start, start + wanted.length, wanted, 0, wanted.length)) {
                return new String(raw, start + valueOffset, end - start - valueOffset, StandardCharsets.UTF_8);
            }
            start = end + 1;
        }
        return null;
    }

    /**
     * One buffer for reading many small {@code /proc} files in turn, grown when one does not fit
     * (as {@code Files.readAllBytes} did, it holds a whole environment, however large).
     * {@code Files.readAllBytes} builds a channel, a stream and a new array per file, which cost
     * a scan of every process about twice what this does.
     */
    private static final class ReadBuffer {
        byte[] bytes = new byte[ENVIRON_CHUNK];

        /** The whole file into {@link #bytes}; its length, or -1 when it cannot be read (gone, or not ours). */
        int readAll(String file) {
            try (FileInputStream in = new FileInputStream(file)) {
                int length = 0;
                while (true) {
                    length += in.readNBytes(bytes, length, bytes.length - length);
                    if (length < bytes.length) {
                        return length;
                    }
                    bytes = Arrays.copyOf(bytes, bytes.length * 2);
                }
            } catch (IOException e) {
                return -1;
            }
        }
    }

    private static String cmdline(Path process) {
        try {
            byte[] raw = Files.readAllBytes(process.resolve("cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean isPidDirectory(Path path) {
        String name = path.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * Streams a NUL-separated environ file and matches each entry against {@code entry} byte by
     * byte, so no entry or file is ever held whole.
     */
    private static boolean environContains(Path environ, byte[] entry, ByteBuffer buffer) {
        try (FileChannel channel = FileChannel.open(environ)) {
            int matched = 0;
            boolean candidate = true;
            buffer.clear();
            while (channel.read(buffer) > 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == 0) {
                        if (candidate && matched == entry.length) {
                            return true;
                        }
                        matched = 0;
                        candidate = true;
                    } else if (candidate && matched < entry.length && entry[matched] == b) {
                        matched++;
                    } else {
                        candidate = false;
                    }
                }
                buffer.clear();
            }
            return candidate && matched == entry.length;
        } catch (IOException e) {
            return false; // gone, or another user's process
        }
    }
}
