package wire.supervisor.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;
import wire.protocol.LogStream;

/**
 * Where one follower of one stream stands in the live file: the offset of the next byte to read,
 * and the bytes of a line whose newline has not come yet (in the splitter). Rotation moves the
 * offset when it removes the head of the file. Used only under its {@link LogFile}'s lock.
 */
final class Cursor {
    private static final int CHUNK = 64 * 1024;
    /**
     * One read buffer per thread that pumps (the watcher, a tail), not per cursor: a cursor uses
     * it only inside {@link #pump}, which hands every byte to the splitter before it returns, and
     * every follower holds two cursors.
     */
    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(CHUNK));

    final LogsStream owner;
    final LogStream stream;
    final LineSplitter splitter;
    long offset;
    /** The lines of the tail wait for room; later ones are dropped when the client is slow. */
    boolean tailing = true;
    private Instant readAt;
    private FileChannel channel;
    private Object fileKey;

    Cursor(LogsStream owner, LogStream stream) {
        this.owner = owner;
        this.stream = stream;
        this.splitter = new LineSplitter((text, endOfLine) -> {
            if (tailing) {
                owner.deliverPatiently(stream, text);
            } else {
                owner.deliver(stream, text, readAt);
            }
        });
    }

    /**
     * Reads {@code live} from the offset up to its end, or to {@code upTo}, whichever is first.
     * With {@code recheck}, first notices a file replaced under the same name (read from its start).
     */
    void pump(Path live, long upTo, boolean recheck) throws IOException {
        if (channel == null || recheck && replaced(live)) {
            if (!open(live)) {
                return;
            }
        }
        long size = channel.size();
        if (size < offset) {
            offset = 0; // shortened by someone other than rotation (which moves the offset itself)
        }
        long end = Math.min(size, upTo);
        readAt = Instant.now();
        ByteBuffer buffer = BUFFER.get();
        while (offset < end && !owner.ended()) {
            buffer.clear().limit((int) Math.min(CHUNK, end - offset));
            int n = channel.read(buffer, offset);
            if (n <= 0) {
                break;
            }
            splitter.feed(buffer.array(), 0, n);
            offset += n;
        }
    }

    private boolean replaced(Path live) {
        try {
            return !Objects.equals(fileKey, Files.readAttributes(live, BasicFileAttributes.class).fileKey());
        } catch (IOException e) {
            return false; // gone: keep reading what we hold open
        }
    }

    private boolean open(Path live) throws IOException {
        FileChannel fresh;
        try {
            fresh = FileChannel.open(live, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        boolean reopened = channel != null;
        close();
        channel = fresh;
        fileKey = Files.readAttributes(live, BasicFileAttributes.class).fileKey();
        if (reopened) {
            offset = 0;
        }
        return true;
    }

    void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // read-only
            }
            channel = null;
        }
    }
}
