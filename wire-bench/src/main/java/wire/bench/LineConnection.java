package wire.bench;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A blocking NDJSON connection that costs the client as little as possible: requests are bytes
 * prepared in advance, and replies are only counted by their newlines, never parsed. So a
 * measured round trip is the server's work plus the socket, not a client library's.
 * Not thread-safe, except that one thread may {@link #write} while another reads.
 */
final class LineConnection implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;

    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER);

    LineConnection(Path socket) throws IOException {
        channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        in.flip();
    }

    void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Writes {@code request} and waits for one whole reply line. */
    void roundTrip(ByteBuffer request) throws IOException {
        write(request.rewind());
        skipLines(1);
    }

    /** Reads until {@code count} newlines have gone by; bytes after the last one stay buffered. */
    void skipLines(long count) throws IOException {
        long left = count;
        while (left > 0) {
            if (!in.hasRemaining()) {
                fill();
            }
            int limit = in.limit();
            for (int i = in.position(); i < limit; i++) {
                if (in.get(i) == '\n' && --left == 0) {
                    in.position(i + 1);
                    return;
                }
            }
            in.position(limit);
        }
    }

    /** One whole line without its newline, for checking what the server answers. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (!in.hasRemaining()) {
                fill();
            }
            byte b = in.get();
            if (b == '\n') {
                return line.toString(java.nio.charset.StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    private void fill() throws IOException {
        in.clear();
        int n = channel.read(in);
        if (n < 0) {
            throw new EOFException("the server closed the connection");
        }
        in.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
