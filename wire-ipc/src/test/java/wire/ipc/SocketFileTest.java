package wire.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PROTOCOL.md Transport: modes, stale and live sockets, and healing a lost socket file. */
class SocketFileTest {
    @TempDir
    Path dir;

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static void assertAnswers(Path socket) throws Exception {
        try (RpcClient client = RpcClient.connect(socket)) {
            assertEquals(TestServer.json("{\"ping\":1}"), client.call("echo", Map.of("ping", 1)));
        }
    }

    private static void staleSocketAt(Path socket) throws IOException {
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(socket));
        dead.close();
        assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "closing a channel leaves its file behind");
    }

    @Test
    void socketIs0600AndCreatedDirectoriesAre0700EvenWithAPermissiveUmask() throws Exception {
        Path socket = dir.resolve("a/b/supervisor.sock");
        int previous = Umask.set(0);
        try (RpcServer server = RpcServer.start(socket, new TestHandler(), RpcServer.Options.defaults())) {
            assertTrue(server.isBoundPathIntact());
            assertEquals("rw-------", mode(socket));
            assertEquals("rwx------", mode(dir.resolve("a")));
            assertEquals("rwx------", mode(dir.resolve("a/b")));
            assertTrue(Files.readAttributes(socket, java.nio.file.attribute.PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).isOther(), "a socket");
            assertAnswers(socket);
            try (var names = Files.list(dir.resolve("a/b"))) {
                assertEquals(1, names.count(), "no temporary name left behind");
            }
        } finally {
            Umask.set(previous);
        }
    }

    @Test
    void existingDirectoryKeepsItsMode() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        try (RpcServer server = RpcServer.start(dir.resolve("s.sock"), new TestHandler(), RpcServer.Options.defaults())) {
            assertTrue(server.isBoundPathIntact());
            assertEquals("rwxr-x---", mode(dir));
        }
    }

    @Test
    void staleSocketIsReplaced() throws Exception {
        Path socket = dir.resolve("supervisor.sock");
        staleSocketAt(socket);
        try (RpcServer server = RpcServer.start(socket, new TestHandler(), RpcServer.Options.defaults())) {
            assertTrue(server.isBoundPathIntact());
            assertAnswers(socket);
            assertEquals("rw-------", mode(socket));
        }
    }

    @Test
    void liveSocketIsNeverTakenOver() throws Exception {
        Path socket = dir.resolve("supervisor.sock");
        try (RpcServer first = RpcServer.start(socket, new TestHandler(), RpcServer.Options.defaults())) {
            SocketInUseException e = assertThrows(SocketInUseException.class,
                    () -> RpcServer.start(socket, new TestHandler(), RpcServer.Options.defaults()));
            assertTrue(e.getMessage().contains(socket.toString()), e.getMessage());
            assertEquals(socket, e.socket());
            assertTrue(first.isBoundPathIntact());
            assertAnswers(socket);
        }
    }

    @Test
    void fileThatIsNotASocketIsNotReplaced() throws Exception {
        Path socket = dir.resolve("supervisor.sock");
        Files.writeString(socket, "precious");
        assertThrows(FileAlreadyExistsException.class,
                () -> RpcServer.start(socket, new TestHandler(), RpcServer.Options.defaults()));
        assertEquals("precious", Files.readString(socket));
    }

    @Test
    void deletedSocketFileIsNoticedAndBoundAgain() throws Exception {
        Path socket = dir.resolve("supervisor.sock");
        try (RpcServer server = RpcServer.start(socket, new TestHandler(), RpcServer.Options.defaults());
                RpcClient before = RpcClient.connect(socket)) {
            assertTrue(server.isBoundPathIntact());
            // Accepted, not just queued in the backlog: rebind() closes the old listening channel.
            Awaits.await().until(() -> server.connectionCount() == 1);
            Files.delete(socket);
            assertFalse(server.isBoundPathIntact());
            assertEquals(DaemonUnreachableException.Reason.MISSING,
                    assertThrows(DaemonUnreachableException.class, () -> RpcClient.connect(socket)).reason());
            server.rebind();
            assertTrue(server.isBoundPathIntact());
            assertEquals("rw-------", mode(socket));
            assertAnswers(socket);
            assertEquals(TestServer.json("{\"still\":true}"), before.call("echo", Map.of("still", true)),
                    "connections made before the rebind keep working");
        }
    }

    @Test
    void replacedSocketFileIsNoticedAndLeftToItsOwnerOnClose() throws Exception {
        Path socket = dir.resolve("supervisor.sock");
        RpcServer server = RpcServer.start(socket, new TestHandler(), RpcServer.Options.defaults());
        Files.delete(socket);
        staleSocketAt(socket);
        assertFalse(server.isBoundPathIntact());
        server.close();
        assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "someone else's file stays");
    }

    @Test
    void closeRemovesItsSocketFile() throws Exception {
        Path socket = dir.resolve("supervisor.sock");
        RpcServer server = RpcServer.start(socket, new TestHandler(), RpcServer.Options.defaults());
        server.close();
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
        server.close();
    }
}
