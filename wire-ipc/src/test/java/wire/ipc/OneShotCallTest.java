package wire.ipc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OneShotCallTest {
    @TempDir
    Path dir;

    @Test
    void returnsTheReplyLineWithoutItsNewline() throws IOException {
        try (TestServer server = new TestServer(dir)) {
            String reply = new String(OneShotCall.call(server.socket, "subtract", "{\"minuend\":42,\"subtrahend\":23}"), UTF_8);
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":19}", reply);
        }
    }

    @Test
    void aReplyLargerThanTheFirstBufferArrivesWhole() throws IOException {
        String big = "x".repeat(300_000);
        try (TestServer server = new TestServer(dir)) {
            String reply = new String(OneShotCall.call(server.socket, "echo", "{\"text\":\"" + big + "\"}",
                    Duration.ofSeconds(30)), UTF_8);
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"text\":\"" + big + "\"}}", reply);
        }
    }

    @Test
    void noListenerIsAnIOException() {
        assertThrows(IOException.class, () -> OneShotCall.call(dir.resolve("nothing.sock"), "version", null));
    }

    @Test
    void aPeerThatNeverRepliesFailsTheCallAtTheDeadline() throws IOException {
        Path socket = dir.resolve("mute.sock");
        try (ServerSocketChannel mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            mute.bind(UnixDomainSocketAddress.of(socket));
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(IOException.class,
                    () -> OneShotCall.call(socket, "version", null, Duration.ofMillis(200))));
        }
    }

    @Test
    void aPeerThatClosesBeforeReplyingIsAnIOException() throws Exception {
        Path socket = dir.resolve("closing.sock");
        try (ServerSocketChannel closing = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            closing.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (SocketChannel peer = closing.accept()) {
                    // Read the whole request first: closing on unread bytes would be a reset instead.
                    ByteBuffer request = ByteBuffer.allocate(4096);
                    while (request.position() == 0 || request.get(request.position() - 1) != '\n') {
                        peer.read(request);
                    }
                    peer.write(ByteBuffer.wrap("{\"partial\":".getBytes(UTF_8)));
                } catch (IOException e) {
                    // the test fails on the call's result instead
                }
            });
            IOException e = assertThrows(IOException.class,
                    () -> OneShotCall.call(socket, "version", null, Duration.ofSeconds(10)));
            assertEquals("the supervisor closed the connection before replying", e.getMessage());
            acceptor.join();
        }
    }
}
