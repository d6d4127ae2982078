package wire.ipc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** PROTOCOL.md Transport: only the daemon's own uid and root may connect. */
class PeerPolicyTest {
    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    private int ownUid(Path file) throws Exception {
        return (Integer) Files.getAttribute(file, "unix:uid");
    }

    @Test
    void ownUidAndRootAreAllowedAndOthersRefused() throws Exception {
        Path mine = Files.createFile(dir.resolve("mine"));
        PeerPolicy policy = PeerPolicy.ownerOf(mine);
        int own = ownUid(mine);
        assertTrue(policy.allows(PeerPolicy.principal(own)));
        assertTrue(policy.allows(PeerPolicy.principal(0)));
        assertTrue(policy.allows(Files.getOwner(mine)));
        assumeTrue(own != NOBODY, "running as nobody");
        assertFalse(policy.allows(PeerPolicy.principal(NOBODY)));
        assertFalse(policy.allows(PeerPolicy.principal(123_456)), "a uid with no name");
    }

    @Test
    void nonRootPolicyRefusesAnotherUser() throws Exception {
        PeerPolicy policy = new PeerPolicy(PeerPolicy.principal(1000), PeerPolicy.principal(0));
        assertTrue(policy.allows(PeerPolicy.principal(1000)));
        assertTrue(policy.allows(PeerPolicy.principal(0)));
        assertFalse(policy.allows(PeerPolicy.principal(1001)));
    }

    @Test
    void refusedPeerIsDescribedByUid() throws Exception {
        assertTrue(PeerPolicy.describe(PeerPolicy.principal(NOBODY)).startsWith("uid 65534"),
                PeerPolicy.describe(PeerPolicy.principal(NOBODY)));
        assertEquals("uid 123456", PeerPolicy.describe(PeerPolicy.principal(123_456)));
    }

    /**
     * As root, drops to uid 65534 in a child process, makes the socket reachable for it, and
     * checks the daemon hangs up without a reply and logs the refusal.
     */
    @Test
    void otherUidIsClosedWithoutAReplyAndLogged() throws Exception {
        Path probe = Files.createFile(dir.resolve("probe"));
        assumeTrue(ownUid(probe) == 0, "needs root to run a client as another uid");
        Path setpriv = Path.of("/usr/bin/setpriv");
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(setpriv), "setpriv is not installed");
        assumeTrue(Files.isExecutable(python), "/usr/bin/python3 is not installed");

        try (TestServer fixture = new TestServer(dir)) {
            // Only for this test: let uid 65534 reach the socket, so the peer check is what stops it.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(fixture.socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            String script = """
                    import socket, sys
                    s = socket.socket(socket.AF_UNIX)
                    s.connect(sys.argv[1])
                    print("connected", flush=True)
                    try:
                        s.sendall(b'{"jsonrpc":"2.0","method":"echo","params":{},"id":1}\\n')
                    except OSError as e:
                        print("send failed", e.errno)
                    s.settimeout(15)
                    data = b""
                    try:
                        while True:
                            chunk = s.recv(65536)
                            if not chunk:
                                break
                            data += chunk
                    except OSError as e:
                        print("recv error", e.errno)
                    print("reply:" + repr(data))
                    """;
            Process process = new ProcessBuilder(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY,
                    "--clear-groups", python.toString(), "-c", script, fixture.socket.toString())
                    .redirectErrorStream(true)
                    .start();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "client process did not finish");
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            assertTrue(output.contains("connected"), output);
            assertTrue(output.contains("reply:b''"), output);
            assertEquals(List.of(), fixture.handler.calls);
            Awaits.await().until(() -> RecordingLogs.events(fixture.loggerName, Level.WARN).stream()
                    .anyMatch(e -> e.message().contains("uid 65534")));
        }
    }
}
