package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import wire.protocol.RpcException;

/**
 * Issue 4, "Bad input": a command that cannot be started is a per-session {@code spawn_failed}
 * with the OS message, backs off like a rapid failure, and neither disturbs other sessions nor
 * makes the daemon spin.
 */
class SpawnFailureIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    private void assertSpawnFailed(String session, String osMessage) throws Exception {
        RpcException e = assertThrows(RpcException.class, () -> sandbox.call("start", Map.of("session", session)));
        assertEquals(-32002, e.code(), e.getMessage());
        JsonNode data = e.data();
        assertEquals(session, data.path("session").asText(), String.valueOf(data));
        assertTrue(data.path("detail").asText().contains(osMessage), "OS message in data.detail: " + data);
        // The log names the session and the OS message.
        Awaits.await().until(() -> sandbox.daemonOutput().lines()
                .anyMatch(l -> l.contains("session " + session) && l.contains(osMessage)));
        JsonNode st = sandbox.status(session);
        assertEquals("backoff", st.path("state").asText(), st.toString());
        assertTrue(st.path("next_start_in_secs").asDouble() > 0, st.toString());
        assertTrue(st.path("pid").isNull(), st.toString());
        assertTrue(st.path("last_error").path("message").asText().contains(osMessage),
                "the per-session error in status: " + st);
    }

    @Test
    void missingBinaryBadCwdAndDeniedExecAreSpawnFailedAndOthersRunOn() throws Exception {
        Path denied = Supervision.script(sandbox, "not-executable.sh", "exec sleep 1000000");
        Files.setPosixFilePermissions(denied, PosixFilePermissions.fromString("rw-r--r--"));
        // autostart false: each first attempt is the explicit start below, and its reply is checked.
        Supervision.session(sandbox, "missing", List.of(sandbox.root().resolve("no-such-program").toString()),
                "\"cwd\": \"/tmp\", \"autostart\": false");
        sandbox.helperSession("badcwd", "sleeper.sh", "\"cwd\": \"/nonexistent/wire-it\", \"autostart\": false");
        Supervision.session(sandbox, "denied", List.of(denied.toString()), "\"cwd\": \"/tmp\", \"autostart\": false");
        sandbox.helperSession("healthy", "sleeper.sh", "\"cwd\": \"/tmp\"");
        sandbox.startDaemon("--registry-poll", "600");
        long healthy = Supervision.runningPid(sandbox, "healthy");

        assertSpawnFailed("missing", "No such file or directory");
        assertSpawnFailed("badcwd", "No such file or directory");
        assertSpawnFailed("denied", "Permission denied");

        assertEquals(healthy, Supervision.pid(sandbox, "healthy"));
        assertTrue(Procs.alive(healthy));
        JsonNode list = sandbox.call("list", null);
        assertEquals(4, list.path("sessions").size(), list.toString());
    }

    @Test
    void aSessionThatCannotSpawnBacksOffWithoutSpinningTheDaemon() throws Exception {
        Supervision.session(sandbox, "missing", List.of(sandbox.root().resolve("no-such-program").toString()),
                "\"cwd\": \"/tmp\"");
        sandbox.helperSession("healthy", "sleeper.sh", "\"cwd\": \"/tmp\"");
        Process daemon = sandbox.startDaemon("--registry-poll", "600");
        long healthy = Supervision.runningPid(sandbox, "healthy");
        // Attempts 2 and 3 come after 1 s and 2 s of backoff. The first is made before the socket
        // answers, so a busy machine shows it late: time the gap between the next two, which this
        // test is already watching for when they come.
        Awaits.await().until(() -> attempts() >= 1);
        long seen = attempts();
        Awaits.await().until(() -> attempts() > seen);
        long ticks0 = Procs.cpuTicks(daemon.pid());
        long wall0 = System.nanoTime();

        Awaits.await().until(() -> attempts() > seen + 1);
        double wallSecs = (System.nanoTime() - wall0) / 1e9;
        double cpuSecs = (Procs.cpuTicks(daemon.pid()) - ticks0) / 100.0; // USER_HZ is 100 on Linux
        assertTrue(wallSecs >= 1.5, "the attempts came without backoff: " + wallSecs + " s");
        assertTrue(cpuSecs < 0.5 * wallSecs, "the daemon used " + cpuSecs + " s of CPU in " + wallSecs + " s");
        assertTrue(attempts() <= 4, sandbox.daemonOutput());
        JsonNode st = sandbox.status("missing");
        assertTrue(st.path("restart_count").asInt() >= 2, st.toString());
        assertEquals(healthy, Supervision.pid(sandbox, "healthy"));
        assertTrue(daemon.isAlive());
    }

    private long attempts() {
        return sandbox.daemonOutput().lines().filter(l -> l.contains("session missing: spawn of")).count();
    }
}
