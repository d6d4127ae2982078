package wire.ipc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.Objects;

/**
 * A buffered writer onto a channel with its own direct buffer (see {@link ChannelInput} for why).
 * Not thread-safe: one thread at a time, and the buffer is empty whenever a call returns.
 */
final class ChannelOutput {
    private static final byte[] NOTHING = {};

    private final WritableByteChannel channel;
    private final SelectableChannel selectable;
    private final ByteBuffer buffer;

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
        selectable.configureBlocking(false);
        try {
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
        } finally {
            selectable.configureBlocking(true);
        }
    }
}
