package wire.ipc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A buffered writer onto a channel with its own direct buffer (see {@link ChannelInput} for why).
 * Not thread-safe: one thread at a time, and the buffer is empty whenever a call returns.
 */
final class ChannelOutput {
    private static final byte[] NOTHING = {};

    private final WritableByteChannel channel;
    private final SelectableChannel selectable;
    private final ByteBuffer buffer;
    /**
     * Held while {@link #writeNow} has the channel non-blocking, and by {@link #close}. A close that
     * saw the channel non-blocking would wait for a read in progress instead of waking it, and the
     * reader goes on to a blocking read right after: the close, and a daemon's shutdown, would hang.
     */
    private final ReentrantLock modeLock = new ReentrantLock();

    <C extends SelectableChannel & WritableByteChannel> ChannelOutput(C channel, int bufferSize) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.selectable = channel;
        this.buffer = ByteBuffer.allocateDirect(bufferSize);
    }

    void write(byte[] bytes) throws IOException {
        int offset = 0;
        while (offset < bytes.length) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int n = Math.min(buffer.remaining(), bytes.length - offset);
            buffer.put(bytes, offset, n);
            offset += n;
        }
    }

    void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    /**
     * Writes as much of {@code bytes} as the socket takes at once, never waiting for room, and
     * returns the bytes it did not take (none when all went). The channel is non-blocking for
     * the length of the call, so no other thread may read or write it meanwhile. Call after
     * {@link #flush()}, never between {@link #write} and {@code flush}.
     */
    byte[] writeNow(byte[] bytes) throws IOException {
        modeLock.lock();
        try {
            selectable.configureBlocking(false);
            try {
                return writeNonBlocking(bytes);
            } finally {
                selectable.configureBlocking(true);
            }
        } finally {
            modeLock.unlock();
        }
    }

    /** Closes the channel, never while {@link #writeNow} has it non-blocking. */
    void close() throws IOException {
        modeLock.lock();
        try {
            selectable.close();
        } finally {
            modeLock.unlock();
        }
    }

    private byte[] writeNonBlocking(byte[] bytes) throws IOException {
        int offset = 0;
        while (offset < bytes.length) {
            int n = Math.min(buffer.capacity(), bytes.length - offset);
            buffer.clear();
            buffer.put(bytes, offset, n).flip();
            channel.write(buffer);
            offset += buffer.position();
            if (buffer.hasRemaining()) {
                break;
            }
        }
        buffer.clear();
        return offset == bytes.length ? NOTHING : Arrays.copyOfRange(bytes, offset, bytes.length);
    }
}
