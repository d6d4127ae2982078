package wire.ipc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * A buffered writer onto a channel with its own direct buffer (see {@link ChannelInput} for why).
 * Not thread-safe: one writer thread per connection.
 */
final class ChannelOutput {
    private final WritableByteChannel channel;
    private final ByteBuffer buffer;

    ChannelOutput(WritableByteChannel channel, int bufferSize) {
        this.channel = Objects.requireNonNull(channel, "channel");
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
}
