package wire.ipc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Objects;

/**
 * An unbuffered {@link InputStream} over a channel, reading through its own small direct buffer.
 * Owning the buffer keeps a large read from making the JDK allocate and cache a temporary direct
 * buffer of that size, and it takes no lock shared with the writing side.
 */
final class ChannelInput extends InputStream {
    private final ReadableByteChannel channel;
    private final ByteBuffer buffer;

    ChannelInput(ReadableByteChannel channel, int bufferSize) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.buffer = ByteBuffer.allocateDirect(bufferSize);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        buffer.clear().limit(Math.min(len, buffer.capacity()));
        int n;
        do {
            n = channel.read(buffer);
        } while (n == 0);
        if (n < 0) {
            return -1;
        }
        buffer.flip().get(b, off, n);
        return n;
    }
}
