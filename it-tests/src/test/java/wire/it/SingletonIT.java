package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DESIGN.md "Singleton": one daemon per WIRE_ROOT, and leftovers of a dead one never block the next. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SingletonIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    @Test
    void secondDaemonOnTheSameRootExitsZeroNamesTheHolderAndTouchesNothing() throws Exception {
        Process first = sandbox.startDaemon();
        Path pidFile = sandbox.root().resolve("supervisor.pid");
        String pidFileBefore = Files.readString(pidFile);
        BasicFileAttributes socketBefore = attributes(sandbox.socket());

        Path out = sandbox.root().resolve("second.out");
        Process second = sandbox.launch(List.of("daemon", "--all-sessions", "--foreground"), out);
        try {
            assertTrue(second.waitFor(30, TimeUnit.SECONDS), "the second daemon must exit, not wait for the lock");
        } finally {
            second.destroyForcibly();
        }
        String said = Files.readString(out);
        assertEquals(0, second.exitValue(), said);
        assertTrue(said.contains("pid " + first.pid()), "names the holder's pid " + first.pid() + ": " + said);

        assertEquals(pidFileBefore, Files.readString(pidFile));
        BasicFileAttributes socketAfter = attributes(sandbox.socket());
        assertEquals(socketBefore.fileKey(), socketAfter.fileKey());
        assertEquals(socketBefore.lastModifiedTime(), socketAfter.lastModifiedTime());
        assertTrue(first.isAlive());
        assertEquals(first.pid(), sandbox.call("version", null).path("pid").asLong());

        // The detaching form says the same and leaves the first daemon alone too.
        WireSandbox.CliResult detached = sandbox.cli("daemon", "--all-sessions");
        assertEquals(0, detached.exitCode(), detached.describe());
        assertTrue((detached.stdout() + detached.stderr()).contains(Long.toString(first.pid())), detached.describe());
        assertEquals(pidFileBefore, Files.readString(pidFile));
        assertEquals(first.pid(), sandbox.call("version", null).path("pid").asLong());
    }

    @Test
    void leftoverPidFileNamingADeadPidDoesNotBlockAStart() throws Exception {
        Process gone = new ProcessBuilder("/bin/true").start();
        assertEquals(0, gone.waitFor());
        Path pidFile = sandbox.root().resolve("supervisor.pid");
        Files.writeString(pidFile, "{\"pid\":" + gone.pid() + ",\"version\":\"0.0.1\",\"started_at\":\"2020-01-01T00:00:00Z\"}");
        Process daemon = sandbox.startDaemon();
        assertTrue(Files.readString(pidFile).contains("\"pid\":" + daemon.pid()), Files.readString(pidFile));
        assertEquals(daemon.pid(), sandbox.call("version", null).path("pid").asLong());
    }

    @Test
    void leftoverGarbagePidFileDoesNotBlockAStart() throws Exception {
        Path pidFile = sandbox.root().resolve("supervisor.pid");
        Files.write(pidFile, new byte[] {'{', '"', 'p', 0, (byte) 0xff, '\n'});
        Process daemon = sandbox.startDaemon();
        assertTrue(Files.readString(pidFile).contains("\"pid\":" + daemon.pid()), Files.readString(pidFile));
    }

    @Test
    void everythingAKilledDaemonLeftBehindDoesNotBlockTheNext() throws Exception {
        Process killed = sandbox.startDaemon();
        killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertFalse(killed.isAlive());
        // SIGKILL: the socket file, supervisor.pid and supervisor.lock all stay.
        assertTrue(Files.exists(sandbox.socket(), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.readString(sandbox.root().resolve("supervisor.pid")).contains("\"pid\":" + killed.pid()));

        Process next = sandbox.startDaemon();
        assertEquals(next.pid(), sandbox.call("version", null).path("pid").asLong());
        assertTrue(Files.readString(sandbox.root().resolve("supervisor.pid")).contains("\"pid\":" + next.pid()));
    }

    private static BasicFileAttributes attributes(Path p) throws java.io.IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }
}
