package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PROTOCOL.md "Transport": who may reach the socket, and what happens to a socket file already there. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketSecurityIT {
    private static final List<String> DAEMON = List.of("daemon", "--all-sessions", "--foreground");

    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    @Test
    void socketIsOwnerOnlyAndEveryDirectoryTheDaemonCreatesIsPrivateEvenWithUmask000() throws Exception {
        Path fresh = sandbox.root().resolve("fresh");
        Path root = fresh.resolve("nested").resolve("root");
        Path run = sandbox.root().resolve("run");
        Path socket = run.resolve("deep").resolve("s.sock");
        Path out = sandbox.root().resolve("umask.out");
        Process daemon = ItSupport.launch(sandbox, "000", Map.of("WIRE_ROOT", root.toString(), "WIRE_SOCKET",
                socket.toString()), DAEMON, out);
        try {
            ItSupport.awaitAnswering(daemon, socket, out);
            assertEquals("rw-------", mode(socket));
            assertTrue(Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther(),
                    "a socket file");
            // The socket's directories and WIRE_ROOT with each parent the daemon had to create.
            for (Path dir : List.of(run, run.resolve("deep"), fresh, fresh.resolve("nested"), root)) {
                assertEquals("rwx------", mode(dir), dir.toString());
            }
            // Files the daemon writes in the root are not world-writable either.
            assertFalse(mode(root.resolve("supervisor.pid")).endsWith("w-"), mode(root.resolve("supervisor.pid")));
        } finally {
            daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void staleSocketFileWithNoListenerIsReplacedAtStart() throws Exception {
        try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.bind(UnixDomainSocketAddress.of(sandbox.socket()));
        }
        // Closing a listener leaves its file behind, as a killed daemon would.
        Object staleKey = fileKey(sandbox.socket());
        sandbox.startDaemon();
        assertNotEquals(staleKey, fileKey(sandbox.socket()));
        assertEquals("rw-------", mode(sandbox.socket()));
        assertTrue(sandbox.call("version", null).path("pid").asLong() > 0);
    }

    @Test
    void liveSocketOfAnotherServerIsNeverTakenOver() throws Exception {
        Path shared = sandbox.root().resolve("live.sock");
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(shared));
            Object key = fileKey(shared);
            Path out = sandbox.root().resolve("second.out");
            Process daemon = ItSupport.launch(sandbox, "022", Map.of("WIRE_SOCKET", shared.toString()), DAEMON, out);
            try {
                assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "the daemon must give up, not wait");
                String output = Files.readString(out);
                assertNotEquals(0, daemon.exitValue(), output);
                assertTrue(output.contains(shared.toString()), "names the socket: " + output);
                assertEquals(key, fileKey(shared), "the live socket file is untouched");
            } finally {
                daemon.destroyForcibly();
            }
        }
    }

    @Test
    void peerWithAnotherUidIsClosedAtOnceAndLogged() throws Exception {
        assumeTrue(System.getProperty("user.name").equals("root") || "0".equals(uid()),
                "needs root to run a client as another uid (uid 65534) with setpriv");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/python3")),
                "needs /usr/bin/setpriv and /usr/bin/python3");
        sandbox.startDaemon();
        // Let uid 65534 reach the socket at all: the file mode would stop it before the daemon could.
        for (Path p = sandbox.root(); p != null; p = p.getParent()) {
            if (!mode(p).endsWith("x")) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode(p).substring(0, 8) + "x"));
            }
        }
        Files.setPosixFilePermissions(sandbox.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
        String script = """
                import socket, sys
                s = socket.socket(socket.AF_UNIX)
                try:
                    s.connect(sys.argv[1])
                except OSError as e:
                    print("CONNECT-FAILED", e); sys.exit(0)
                try:
                    s.sendall(b'{"jsonrpc":"2.0","id":1,"method":"version"}\\n')
                except OSError as e:
                    pass
                s.settimeout(10)
                try:
                    data = s.recv(65536)
                    print("CLOSED" if not data else "GOT " + data.decode(errors="replace"))
                except ConnectionResetError:
                    print("CLOSED")
                except socket.timeout:
                    print("TIMEOUT")
                """;
        Process client = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "/usr/bin/python3", "-c", script, sandbox.socket().toString()).redirectErrorStream(true).start();
        assertTrue(client.waitFor(20, TimeUnit.SECONDS));
        String said = new String(client.getInputStream().readAllBytes()).strip();
        assertEquals("CLOSED", said, "uid 65534 must get no reply");
        Awaits.await().untilAsserted(() -> {
            String log = sandbox.daemonOutput();
            assertTrue(log.contains("refused") && log.contains("65534"), log);
        });
        // Root (uid 0) and the daemon's own uid are still served.
        assertTrue(sandbox.call("version", null).path("pid").asLong() > 0);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static String uid() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[1];
            }
        }
        return "";
    }
}
