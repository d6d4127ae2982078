package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import wire.protocol.RpcException;

/**
 * Issue 8, "Hostile input and access", the cases {@link BadInputIT}, {@link SessionNameIT} and
 * {@link SocketSecurityIT} do not already cover: a 100 MB and a deeply nested {@code session.json},
 * a session directory that is a symbolic link out of the root, unicode look-alike and control
 * characters in names over RPC, a file where a session's state directory should be, a state
 * directory nobody may write, and a full disk under a session's logs and state. Each gets a clear error; the daemon keeps serving; a
 * healthy session beside it keeps the very same child.
 */
class HostileInputIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    private final List<Path> mounts = new ArrayList<>();
    private final List<Path> outside = new ArrayList<>();
    private final UnwritableDirs unwritable = new UnwritableDirs();

    @AfterEach
    void cleanUp() throws Exception {
        unwritable.close(); // first: an immutable directory cannot be deleted, not even by root
        for (long pid : Procs.withWireHomeUnder(sandbox.root())) {
            Procs.killHard(pid);
        }
        for (Path m : mounts) {
            new ProcessBuilder("umount", "-l", m.toString()).inheritIO().start().waitFor();
        }
        for (Path dir : outside) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void hundredMegabyteAndDeeplyNestedSessionJsonAreRefusedWithTheReason() throws Exception {
        long healthy = healthyBeside();
        Path huge = Files.createDirectories(sandbox.home("huge")).resolve("session.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(100L * 1024 * 1024); // sparse: 100 MB to the reader, nothing on disk
        }
        sandbox.writeSession("deep", "{\"env\": " + "[".repeat(200_000) + "]".repeat(200_000) + "}");
        sandbox.writeSession("deepobj", "{\"x\": ".repeat(50_000) + "1" + "}".repeat(50_000));

        JsonNode reload = sandbox.client().call("reload", null, WireSandbox.timeout());
        assertTrue(problems(reload, "huge").contains("limit"), reload.toString());
        assertTrue(problems(reload, "deep").contains("depth"), reload.toString());
        assertTrue(problems(reload, "deepobj").contains("depth"), reload.toString());
        for (String name : List.of("huge", "deep", "deepobj")) {
            assertEquals(-32003, refused("start", name).code(), name);
        }
        assertUntouched(healthy);
    }

    @Test
    void sessionDirectoryLinkedOutsideTheRootIsNeverRead() throws Exception {
        long healthy = healthyBeside();
        Path elsewhere = Files.createTempDirectory("wire-outside-");
        outside.add(elsewhere);
        Path marker = elsewhere.resolve("ran");
        Path script = Supervision.script(sandbox, "escape.sh", "touch " + marker + "\nexec sleep 1000000");
        Files.writeString(elsewhere.resolve("session.json"), "{\"command\": [\"" + script + "\"], \"cwd\": \"/tmp\"}");
        Files.createSymbolicLink(sandbox.root().resolve("sessions").resolve("escape"), elsewhere);

        JsonNode reload = sandbox.call("reload", null);
        assertTrue(problems(reload, "escape").contains("link"), reload.toString());
        assertEquals(-32003, refused("start", "escape").code());
        assertTrue(Procs.withWireHomeUnder(elsewhere).isEmpty(), "something runs with a home outside the root");
        assertTrue(Procs.withWireHomeUnder(sandbox.home("escape")).isEmpty());
        assertFalse(Files.exists(marker), "the linked session's command ran");
        assertFalse(Files.exists(elsewhere.resolve("state")), "wire wrote into a directory outside its root");
        assertUntouched(healthy);
    }

    /**
     * A session directory that links to another session's: the link is refused, and nothing is
     * done through it. Before, the linked name adopted the other session's child from its
     * {@code child.json}, and a stop of the link would have signalled that child and written its
     * intent.
     */
    @Test
    void sessionDirectoryLinkedToAnotherSessionNeitherAdoptsNorStopsItsChild() throws Exception {
        long healthy = healthyBeside();
        Path intent = Supervision.stateDir(sandbox.home("healthy")).resolve("intent.json");
        boolean hadIntent = Files.exists(intent);
        Files.createSymbolicLink(sandbox.root().resolve("sessions").resolve("alias"), sandbox.home("healthy"));

        JsonNode reload = sandbox.call("reload", null);
        assertTrue(problems(reload, "alias").contains("link"), reload.toString());
        JsonNode alias = sandbox.status("alias");
        assertFalse(alias.path("pid").isNumber(), "adopted through the link: " + alias);
        assertEquals(-32003, refused("start", "alias").code());
        JsonNode stopped = sandbox.call("stop", Map.of("session", "alias"));
        assertFalse(stopped.path("pid").isNumber(), stopped.toString());
        assertEquals(hadIntent, Files.exists(intent), "the stop wrote an intent through the link");
        assertUntouched(healthy);
        assertEquals("up", sandbox.status("healthy").path("desired").asText());
    }

    @Test
    void unicodeLookAlikeAndControlCharactersInNamesAreInvalidSessionName() throws Exception {
        long healthy = healthyBeside();
        // Cyrillic a, a zero-width space, full-width letters, NUL, a newline, a right-to-left override.
        List<String> names = List.of("\u0430pi", "api\u200b", "\uff41\uff50\uff49", "api\u0000", "api\n",
                "\u202eipa", "heal\u0074hy\u0301");
        for (String method : List.of("status", "start", "stop", "restart")) {
            for (String name : names) {
                RpcException e = refused(method, name);
                assertEquals(-32006, e.code(), method + " " + escape(name) + ": " + e.getMessage());
            }
        }
        assertTrue(Procs.withWireHomeUnder(sandbox.root().resolve("sessions")).stream()
                .allMatch(pid -> pid == healthy), "only the healthy session runs");
        assertUntouched(healthy);
    }

    @Test
    void aFileWhereTheStateDirectoryShouldBeIsASpawnFailureThatSaysWhere() throws Exception {
        long healthy = healthyBeside();
        Path home = sandbox.helperSession("blocked", "sleeper.sh", "\"cwd\": \"/tmp\", \"autostart\": false");
        Files.writeString(home.resolve("state"), "a file, not a directory");
        sandbox.call("reload", null);

        RpcException e = refused("start", "blocked");
        assertEquals(-32002, e.code(), e.getMessage());
        assertTrue((e.getMessage() + e.data()).contains("state"), "names the path: " + e.getMessage() + " " + e.data());
        JsonNode status = sandbox.status("blocked");
        assertFalse(status.path("last_error").isNull(), status.toString());
        assertTrue(Procs.withWireHomeUnder(home).isEmpty());
        assertUntouched(healthy);
    }

    /**
     * A session's state directory nobody may write (as root {@code chattr +i}, which root cannot
     * write through; otherwise {@code chmod 0500}). Before the child's log files exist, a start is
     * a spawn failure: {@code -32002} with the OS reason, in the reply and in {@code last_error}.
     * Once they exist, the child starts (its logs are opened for append), and what is lost is its
     * records: {@code child.json} stays stale, and the daemon log and {@code last_error} say so. Either way the daemon
     * serves on, the session can be stopped, and the session beside it keeps its child.
     */
    @Test
    void anUnwritableStateDirectoryFailsTheStartOrLosesOnlyTheRecordsNeverTheDaemon() throws Exception {
        long healthy = healthyBeside();
        Path home = sandbox.helperSession("locked", "sleeper.sh", "\"cwd\": \"/tmp\", \"autostart\": false");
        sandbox.call("reload", null);
        Path state = Files.createDirectories(Supervision.stateDir(home));

        unwritable.lock(state);
        RpcException e = refused("start", "locked");
        assertEquals(-32002, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(UnwritableDirs.reason()), e.getMessage());
        assertTrue(e.getMessage().contains(state.resolve("stdout.log").toString()), "names the log file: " + e.getMessage());
        JsonNode failed = sandbox.status("locked");
        assertTrue(failed.path("last_error").path("message").asText().contains(UnwritableDirs.reason()), failed.toString());
        assertTrue(Procs.withWireHomeUnder(home).isEmpty(), "a child without its stdout ran");
        assertUntouched(healthy);

        // A first run, writable, leaves the log files and the records; the next start is locked out of both.
        unwritable.unlock(state);
        long first = sandbox.call("start", Map.of("session", "locked")).path("pid").asLong();
        Awaits.await().until(() -> Supervision.stateJson(home, "child.json").map(c -> c.path("pid").asLong() == first)
                .orElse(false));
        assertEquals("stopped", sandbox.call("stop", Map.of("session", "locked")).path("state").asText());
        unwritable.lock(state);
        JsonNode started = sandbox.call("start", Map.of("session", "locked"));
        long second = started.path("pid").asLong();
        assertEquals("running", started.path("state").asText(), started.toString());
        assertTrue(Procs.alive(second) && second != first, started.toString());
        Awaits.await().until(() -> sandbox.daemonOutput().contains("session locked: child.json not written"));
        JsonNode running = sandbox.status("locked");
        assertTrue(running.path("last_error").path("message").asText().contains("child.json not written"),
                "status tells why a restarted supervisor would not adopt it: " + running);
        assertEquals(first, Supervision.stateJson(home, "child.json").orElseThrow().path("pid").asLong(),
                "child.json could not be replaced, so it still names the first child");
        assertEquals("stopped", sandbox.call("stop", Map.of("session", "locked")).path("state").asText());
        Awaits.await().until(() -> Procs.withWireHomeUnder(home).stream().noneMatch(Procs::alive));
        assertUntouched(healthy);
    }

    /** As root: the session's state directory is a 256 KiB tmpfs that a chatty child fills up. */
    @Test
    void aFullDiskUnderOneSessionLeavesTheDaemonAndEveryOtherSessionServing() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount a small tmpfs");
        long healthy = healthyBeside();
        Path chatty = Supervision.script(sandbox, "flood.sh", "while :; do echo \"$(date) filling the disk with a line"
                + " long enough to fill it soon ..........................................\"; done");
        Path home = Supervision.session(sandbox, "full", List.of(chatty.toString()), "\"cwd\": \"/tmp\", \"autostart\": false");
        Path state = Files.createDirectories(home.resolve("state"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", state.toString())
                .inheritIO().start();
        assumeTrue(mount.waitFor() == 0, "mount -t tmpfs is not allowed here");
        mounts.add(state);
        sandbox.call("reload", null);

        long first = sandbox.call("start", Map.of("session", "full")).path("pid").asLong();
        Awaits.await().until(() -> Files.getFileStore(state).getUsableSpace() < 4096);
        // The child dies on a full disk; its end, the next spawn's records and logs all meet ENOSPC.
        Procs.killHard(first);
        Awaits.await().until(() -> sandbox.status("full").path("pid").asLong(-1) != first);
        assertUntouched(healthy);
        JsonNode stopped = sandbox.call("stop", Map.of("session", "full"));
        assertEquals("stopped", stopped.path("state").asText(), stopped.toString());
        Awaits.await().until(() -> Procs.withWireHomeUnder(home).stream().noneMatch(Procs::alive));
        assertUntouched(healthy);
    }

    // ---- helpers ----

    /** Starts the daemon with one healthy session and returns its child's pid. */
    private long healthyBeside() throws Exception {
        sandbox.helperSession("healthy", "sleeper.sh", "\"cwd\": \"/tmp\"");
        sandbox.startDaemon();
        return Supervision.runningPid(sandbox, "healthy");
    }

    private void assertUntouched(long pid) throws RpcException {
        JsonNode st = sandbox.status("healthy");
        assertEquals("running", st.path("state").asText(), st.toString());
        assertEquals(pid, st.path("pid").asLong(), "the healthy session kept its child");
        assertTrue(Procs.alive(pid));
        assertTrue(Supervisors.answers(sandbox.socket()));
    }

    private RpcException refused(String method, String name) {
        try {
            JsonNode unexpected = sandbox.call(method, Map.of("session", name));
            throw new AssertionError(method + " " + escape(name) + " succeeded: " + unexpected);
        } catch (RpcException e) {
            return e;
        }
    }

    private static String problems(JsonNode reload, String session) {
        for (JsonNode i : reload.path("invalid")) {
            if (i.path("session").asText().equals(session)) {
                return i.path("errors").toString();
            }
        }
        return "";
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.toString();
    }
}
