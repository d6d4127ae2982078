package wire.supervisor.os;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/** Reading {@code struct inotify_event}s: the one decoder for the log watcher and the registry's watch. */
public final class InotifyEvents {
    /** One event, as the kernel reports it. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param wd the watch descriptor the event is for (-1 for {@code IN_Q_OVERFLOW})
         * @param mask the {@code IN_*} bits
         * @param name the name of the entry in the watched directory, or "" for the directory itself
         */
        void event(int wd, int mask, String name);
    }

    private InotifyEvents() {}

    /**
     * Reads every event queued on the non-blocking inotify descriptor {@code fd}, through
     * {@code buffer} (at least one event with a full name long), and hands each to {@code handler}.
     */
    public static void drain(int fd, MemorySegment buffer, Handler handler) {
        long n;
        while ((n = Libc.read(fd, buffer)) > 0) {
            long off = 0;
            while (off + Libc.INOTIFY_EVENT_HEADER <= n) {
                int wd = buffer.get(JAVA_INT, off);
                int mask = buffer.get(JAVA_INT, off + 4);
                int len = buffer.get(JAVA_INT, off + 12);
                handler.event(wd, mask, name(buffer, off + Libc.INOTIFY_EVENT_HEADER, len));
                off += Libc.INOTIFY_EVENT_HEADER + len;
            }
        }
    }

    /** The NUL-padded name of {@code len} bytes at {@code from}. */
    private static String name(MemorySegment buffer, long from, int len) {
        int end = 0;
        while (end < len && buffer.get(JAVA_BYTE, from + end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end];
        MemorySegment.copy(buffer, JAVA_BYTE, from, bytes, 0, end);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
