package wire.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One JSON-RPC call on the supervisor's socket and nothing else, for the {@link FastPath}: the
 * request written as one line, the reply read up to its newline and returned as bytes. No
 * threads, no pipelining, no databind; wire-ipc's {@code RpcClient} does all of that for every
 * other command. Any failure is an {@link IOException} and sends the caller to the full CLI.
 */
final class FastRpc {
    /** The same cap as {@code RpcClient}'s: replies can be large, not unbounded. */
    private static final int MAX_REPLY = 256 << 20;

    private FastRpc() {}

    /** {@code paramsJson} is a JSON object or null (no params member). */
    static byte[] call(Path socket, String method, String paramsJson) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
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
}
