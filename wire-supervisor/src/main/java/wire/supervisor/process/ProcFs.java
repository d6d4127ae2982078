package wire.supervisor.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
