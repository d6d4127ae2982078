package wire.ipc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * One JSON-RPC call on the supervisor's socket and nothing else: the request written as one line,
 * the reply read up to its newline and returned as bytes. For callers in a JVM that lives for one
 * call (the CLI's fast path, the detaching start's probe), where {@link RpcClient}'s reader
 * thread and jackson-databind cost more than the call: no threads, no pipelining, no object
 * mapping. Any failure is an {@link IOException}.
 */
public final class OneShotCall {
    /** The same cap as {@link RpcClient}'s: replies can be large, not unbounded. */
    private static final int MAX_REPLY = 256 << 20;

    private OneShotCall() {}

    /** Blocks until the reply comes. {@code paramsJson} is a JSON object or null (no params member). */
    public static byte[] call(Path socket, String method, String paramsJson) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return exchange(channel, socket, method, paramsJson);
        }
    }

    /**
     * As {@link #call(Path, String, String)}, but a daemon that has not replied within
     * {@code timeout} (wedged, or its backlog full) fails the call: a watchdog closes the channel,
     * which ends a blocked connect or read.
     */
    public static byte[] call(Path socket, String method, String paramsJson, Duration timeout) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            Thread watchdog = Thread.ofPlatform().daemon().name("wire-call-deadline").start(() -> {
                try {
                    Thread.sleep(timeout);
                    channel.close();
                } catch (InterruptedException | IOException e) {
                    // replied in time, or already closed
                }
            });
            try {
                return exchange(channel, socket, method, paramsJson);
            } finally {
                watchdog.interrupt();
            }
        }
    }

    private static byte[] exchange(SocketChannel channel, Path socket, String method, String paramsJson)
            throws IOException {
        channel.connect(UnixDomainSocketAddress.of(socket));
        String request = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\""
                + (paramsJson == null ? "" : ",\"params\":" + paramsJson) + "}\n";
        ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        // Read straight into one growing array and look for the newline only in the bytes just
        // read, on the array itself: in a JVM this young every call per byte is interpreted.
        byte[] reply = new byte[64 * 1024];
        int length = 0;
        while (true) {
            if (length == reply.length) {
                if (reply.length >= MAX_REPLY) {
                    throw new IOException("reply longer than " + MAX_REPLY + " bytes");
                }
                reply = Arrays.copyOf(reply, Math.min(reply.length * 2, MAX_REPLY));
            }
            int n = channel.read(ByteBuffer.wrap(reply, length, reply.length - length));
            if (n < 0) {
                break;
            }
            for (int i = length; i < length + n; i++) {
                if (reply[i] == '\n') {
                    return Arrays.copyOf(reply, i);
                }
            }
            length += n;
        }
        throw new IOException("the supervisor closed the connection before replying");
    }
}
