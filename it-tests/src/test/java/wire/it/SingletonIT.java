package wire.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DESIGN.md, "Singleton": the lock on {@code supervisor.lock} decides; a second daemon names the
 * holder, exits 0 and touches none of the first one's files; leftovers of a crashed daemon (a
 * pidfile naming a dead pid or garbage, a socket file nobody listens on) never block a start.
 */
class SingletonIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    @Test
    void twoDaemonsRacingForOneRootLeaveExactlyOneServing() throws Exception {
        for (int round = 0; round < 3; round++) {
            List<Process> racers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                racers.add(sandbox.launch(List.of("daemon", "--all-sessions", "--foreground"),
                        sandbox.root().resolve("race-" + round + "-" + i + ".out")));
            }
            Awaits.await().until(() -> racers.stream().filter(Process::isAlive).count() == 1
                    && Supervisors.answers(sandbox.socket()));
            Process loser = racers.stream().filter(p -> !p.isAlive()).findFirst().orElseThrow();
            Process winner = racers.stream().filter(Process::isAlive).findFirst().orElseThrow();
            assertEquals(0, loser.exitValue());
            assertEquals(List.of(winner.pid()), Supervisors.of(sandbox.root()));
            assertTrue(Files.readString(sandbox.root().resolve("supervisor.pid")).contains("\"pid\":" + winner.pid()));
            winner.destroyForcibly();
            winner.waitFor();
        }
    }

    @Test
    void aSecondDaemonNamesTheHolderAndTouchesNoneOfItsFiles() throws Exception {
        Process first = sandbox.startDaemon();
        Path pidfile = sandbox.root().resolve("supervisor.pid");
        byte[] pidBefore = Files.readAllBytes(pidfile);
        Object pidKey = key(pidfile);
        Object socketKey = key(sandbox.socket());

        Path out = sandbox.root().resolve("second.out");
        Process second = sandbox.launch(List.of("daemon", "--all-sessions", "--foreground"), out);
        assertTrue(second.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, second.exitValue());
        assertTrue(Files.readString(out).contains("pid " + first.pid()), Files.readString(out));
        assertArrayEquals(pidBefore, Files.readAllBytes(pidfile));
        assertEquals(pidKey, key(pidfile));
        assertEquals(socketKey, key(sandbox.socket()));
        assertTrue(Supervisors.answers(sandbox.socket()));
    }

    @Test
    void aStalePidfileAndAStaleSocketNeverBlockAStart() throws Exception {
        Files.writeString(sandbox.root().resolve("supervisor.pid"), "{\"pid\": 4194305, \"version\": \"0.0.1\"}");
        staleSocket(sandbox.socket());
        Process daemon = sandbox.startDaemon();
        assertTrue(Files.readString(sandbox.root().resolve("supervisor.pid")).contains("\"pid\":" + daemon.pid()));
        daemon.destroyForcibly();
        daemon.waitFor();

        Files.writeString(sandbox.root().resolve("supervisor.pid"), "garbage{");
        sandbox.startDaemon();
    }

    /** A socket file with nothing listening, as a daemon killed with SIGKILL leaves it. */
    static void staleSocket(Path socket) throws Exception {
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
    }

    private static Object key(Path p) throws Exception {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }
}
