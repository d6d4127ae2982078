package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import wire.protocol.RpcException;

/**
 * Issue 3, "Bad input": broken, unknown, mistyped and unreadable session configs are each reported
 * precisely (what and where), and never stop the daemon serving every other client and session.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    @Test
    void invalidSessionJsonIsListedAsInvalidAndStartNamesEveryProblemByJsonPath() throws Exception {
        sandbox.helperSession("healthy", "sleeper.sh", "\"cwd\": \"/tmp\"");
        sandbox.writeSession("half", "{\"command\": [");
        sandbox.writeSession("typo", "{\"command\": [\"/bin/true\"], \"restrat\": \"always\", \"cwd\": \"/tmp\"}");
        sandbox.writeSession("mistyped", "{\"command\": \"/bin/true\", \"stop_grace_seconds\": -1, "
                + "\"autostart\": \"yes\", \"env\": {\"WIRE_HOME\": \"/elsewhere\"}, \"cwd\": \"/tmp\"}");
        sandbox.startDaemon();
        Awaits.await().until(() -> sandbox.status("healthy").path("state").asText().equals("running"));

        Map<String, Set<String>> expected = Map.of(
                "half", Set.of("$"),
                "typo", Set.of("$.restrat"),
                "mistyped", Set.of("$.command", "$.stop_grace_seconds", "$.autostart", "$.env.WIRE_HOME"));
        JsonNode list = sandbox.call("list", null);
        Map<String, JsonNode> listed = new HashMap<>();
        list.path("sessions").forEach(s -> listed.put(s.path("name").asText(), s));
        assertEquals(Set.of("half", "healthy", "mistyped", "typo"), listed.keySet());
        for (var e : expected.entrySet()) {
            JsonNode s = listed.get(e.getKey());
            assertFalse(s.path("eligible").asBoolean(), s.toString());
            assertTrue(s.path("ineligible_reason").asText().contains("invalid"), s.toString());
            assertTrue(s.path("pid").isNull(), s.toString());

            RpcException refused = startRefused(e.getKey());
            assertEquals(-32003, refused.code(), refused.getMessage());
            assertEquals(e.getKey(), refused.data().path("session").asText());
            assertEquals(e.getValue(), paths(refused.data().path("errors")), refused.data().toString());
            Path file = sandbox.home(e.getKey()).resolve("session.json");
            refused.data().path("errors").forEach(p -> {
                assertEquals(file.toString(), p.path("file").asText(), p.toString());
                assertFalse(p.path("message").asText().isBlank(), p.toString());
            });
        }
        JsonNode reload = sandbox.call("reload", null);
        Set<String> invalid = new TreeSet<>();
        reload.path("invalid").forEach(i -> {
            invalid.add(i.path("session").asText());
            assertEquals(expected.get(i.path("session").asText()), paths(i.path("errors")), i.toString());
        });
        assertEquals(expected.keySet(), invalid);
        assertEquals("running", sandbox.status("healthy").path("state").asText());
    }

    /**
     * Root reads through chmod 000, so as root the unreadable cases are a session.json that is a
     * directory, one that is a FIFO (whose open would block a naive reader forever), a session
     * "directory" that is a regular file, and a home that is a symbolic link. chmod 000 is added
     * when not root.
     */
    @Test
    void unreadableSessionEntriesAreReportedWhileEverythingElseKeepsRunning() throws Exception {
        sandbox.helperSession("healthy", "sleeper.sh", "\"cwd\": \"/tmp\"");
        sandbox.startDaemon();
        Awaits.await().until(() -> sandbox.status("healthy").path("state").asText().equals("running"));
        long pid = sandbox.status("healthy").path("pid").asLong();

        Files.createDirectories(sandbox.home("dirspec").resolve("session.json"));
        Files.createDirectories(sandbox.home("fifospec"));
        Process mkfifo = new ProcessBuilder("mkfifo", sandbox.home("fifospec").resolve("session.json").toString())
                .inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        Files.writeString(sandbox.root().resolve("sessions").resolve("plainfile"), "not a directory");
        Files.createSymbolicLink(sandbox.root().resolve("sessions").resolve("linked"), sandbox.home("healthy"));
        Set<String> broken = new TreeSet<>(Set.of("dirspec", "fifospec", "plainfile", "linked"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            Path locked = sandbox.writeSession("locked", "{\"cwd\": \"/tmp\"}");
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
            broken.add("locked");
        }

        // Answered at all (a FIFO read would hang the scan, and with it this call), in bounded time.
        JsonNode reload = sandbox.client().call("reload", null, WireSandbox.timeout());
        Set<String> invalid = new TreeSet<>();
        reload.path("invalid").forEach(i -> {
            invalid.add(i.path("session").asText());
            JsonNode errors = i.path("errors");
            assertFalse(errors.isEmpty(), i.toString());
            assertTrue(errors.get(0).path("message").asText().contains(i.path("session").asText()),
                    "names what is wrong and where: " + i);
        });
        assertEquals(broken, invalid);
        assertTrue(reloadMessage(reload, "fifospec").contains("FIFO"), reload.toString());
        assertTrue(reloadMessage(reload, "dirspec").contains("directory"), reload.toString());

        for (String name : broken) {
            RpcException refused = startRefused(name);
            assertEquals(-32003, refused.code(), name + ": " + refused.getMessage());
            assertEquals(name, refused.data().path("session").asText());
        }
        // Every other client and session is still served, and the healthy child was never touched.
        JsonNode healthy = sandbox.status("healthy");
        assertEquals("running", healthy.path("state").asText());
        assertEquals(pid, healthy.path("pid").asLong());
        assertTrue(Procs.alive(pid));
        assertEquals(1 + broken.size(), sandbox.call("list", null).path("sessions").size());
        if (!root) {
            Files.setPosixFilePermissions(sandbox.home("locked"), PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void sessionJsonBrokenWhileItsChildRunsIsReportedAndTheChildLeftAlone() throws Exception {
        sandbox.helperSession("live", "sleeper.sh", "\"cwd\": \"/tmp\"");
        sandbox.startDaemon();
        Awaits.await().until(() -> sandbox.status("live").path("state").asText().equals("running"));
        long pid = sandbox.status("live").path("pid").asLong();

        Files.writeString(sandbox.home("live").resolve("session.json"), "{\"command\": [\"/bin/true\"], \"cwd\": 7}");
        JsonNode reload = sandbox.call("reload", null);
        assertEquals(1, reload.path("invalid").size(), reload.toString());
        assertEquals(Set.of("$.cwd"), paths(reload.path("invalid").get(0).path("errors")));
        JsonNode status = sandbox.status("live");
        assertEquals("running", status.path("state").asText(), status.toString());
        assertEquals(pid, status.path("pid").asLong());
        assertTrue(Procs.alive(pid));
    }

    private RpcException startRefused(String name) {
        try {
            JsonNode unexpected = sandbox.call("start", Map.of("session", name));
            throw new AssertionError("start " + name + " succeeded: " + unexpected);
        } catch (RpcException e) {
            return e;
        }
    }

    private static String reloadMessage(JsonNode reload, String session) {
        for (JsonNode i : reload.path("invalid")) {
            if (i.path("session").asText().equals(session)) {
                return i.path("errors").toString();
            }
        }
        return "";
    }

    private static Set<String> paths(JsonNode errors) {
        Set<String> out = new TreeSet<>();
        errors.forEach(p -> out.add(p.path("path").asText()));
        return out;
    }
}
