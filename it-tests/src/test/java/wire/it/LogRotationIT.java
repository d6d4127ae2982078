package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import wire.ipc.NotificationStream;
import wire.ipc.RpcClient;
import wire.protocol.Notification;

/** DESIGN.md, "Output": rotation by size loses and repeats no line, and tail/follow read across it. */
class LogRotationIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    private Path stateDir(String session) {
        return sandbox.home(session).resolve("state/wire");
    }

    /** The stream as a reader sees it: {@code .keep … .1, .part, live}, concatenated. */
    private static String chain(Path live, int keep) throws IOException {
        StringBuilder all = new StringBuilder();
        for (int i = keep; i >= 1; i--) {
            Path p = live.resolveSibling(live.getFileName() + "." + i);
            if (Files.exists(p)) {
                all.append(Files.readString(p));
            }
        }
        Path part = live.resolveSibling(live.getFileName() + ".part");
        if (Files.exists(part)) {
            all.append(Files.readString(part));
        }
        return all.append(Files.readString(live)).toString();
    }

    private static int rotatedFiles(Path live) throws IOException {
        try (var files = Files.list(live.getParent())) {
            return (int) files.filter(p -> p.getFileName().toString().matches(live.getFileName() + "\\.\\d+")).count();
        }
    }

    @Test
    void fiveHundredThousandLinesAtFullSpeedAreAllInTheFilesOnceAndInOrder() throws Exception {
        int n = 500_000;
        sandbox.writeSession("chatty", "{\"command\": " + Chatty.command(n, 5, 0, 0, "-")
                + ", \"cwd\": \"/tmp\", \"restart\": \"never\", \"log_max_bytes\": 65536, \"log_keep\": 100}");
        long t0 = System.nanoTime();
        sandbox.startDaemon();
        Path dir = stateDir("chatty");
        Awaits.await(Duration.ofSeconds(60)).until(() -> Files.exists(sandbox.home("chatty").resolve("chatty.done")));
        // rotation has caught up once both live files are back under their limit
        Awaits.await().until(() -> Files.size(dir.resolve("stdout.log")) <= 65536
                && Files.size(dir.resolve("stderr.log")) <= 65536);
        String out = chain(dir.resolve("stdout.log"), 100);
        String err = chain(dir.resolve("stderr.log"), 100);
        List<Long> outNumbers = numbers(out);
        List<Long> errNumbers = numbers(err);
        List<Long> expectOut = new ArrayList<>();
        List<Long> expectErr = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            (i % 5 == 0 ? expectErr : expectOut).add(i);
        }
        assertEquals(expectOut.size(), outNumbers.size(), "stdout line count");
        assertEquals(expectErr.size(), errNumbers.size(), "stderr line count");
        assertTrue(expectOut.equals(outNumbers), "stdout holds every number once, in order");
        assertTrue(expectErr.equals(errNumbers), "stderr holds every number once, in order");
        JsonNode stats = wire.protocol.Json.mapper().readTree(dir.resolve("log_rotation.json").toFile());
        System.out.printf("500,000 lines in %d ms; stdout: %d rotated files, stderr: %d; %s%n",
                (System.nanoTime() - t0) / 1_000_000, rotatedFiles(dir.resolve("stdout.log")),
                rotatedFiles(dir.resolve("stderr.log")), stats);
        // More than one rotation, so the lines are checked across a chain of rotated files. How
        // many depends on the machine: a busy daemon wakes less often, and each rotation then
        // moves more (two of 2.7 MB at a load of 6, where a quiet machine makes many small ones).
        assertTrue(stats.path("stdout").path("rotations").asLong() >= 2, stats.toString());
        assertEquals(0, stats.path("stdout").path("unguaranteed_bytes").asLong(), stats.toString());
        assertEquals(0, stats.path("stderr").path("unguaranteed_bytes").asLong(), stats.toString());
    }

    /** {@code got} is exactly 1..n; on failure, says where it first differs (not the whole list). */
    private static void assertInOrderOnce(List<Long> got, long n) {
        for (int i = 0; i < got.size(); i++) {
            if (got.get(i) != i + 1) {
                throw new AssertionError("line " + (i + 1) + " is " + got.get(i) + "; around it: "
                        + got.subList(Math.max(0, i - 3), Math.min(got.size(), i + 4)));
            }
        }
        assertEquals(n, got.size(), "line count");
    }

    private static List<Long> numbers(String text) {
        List<Long> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                out.add(Long.parseLong(line));
            }
        }
        return out;
    }

    @Test
    void followAcrossRotationsReceivesEveryLineExactlyOnce() throws Exception {
        int n = 60_000;
        // Bursts of about 1 KiB every 20 ms: a 16 KiB file fills in some 300 ms, so even a daemon
        // slowed by a loaded machine gets many chances to rotate while the lines flow.
        sandbox.writeSession("chatty", "{\"command\": " + Chatty.command(n, 0, 200, 20, "go")
                + ", \"cwd\": \"/tmp\", \"restart\": \"never\", \"log_max_bytes\": 16384, \"log_keep\": 100}");
        sandbox.startDaemon();
        Awaits.await().until(() -> sandbox.status("chatty").path("state").asText().equals("running"));
        Path live = stateDir("chatty").resolve("stdout.log");
        try (RpcClient client = sandbox.client();
                NotificationStream stream = client.stream("logs",
                        Map.of("session", "chatty", "tail", 0, "follow", true, "stream", "stdout"))) {
            String id = stream.result().path("subscription").asText();
            Files.writeString(sandbox.home("chatty").resolve("go"), "");
            List<Long> got = new ArrayList<>();
            while (got.isEmpty() || got.getLast() < n) {
                Notification note = stream.next(Duration.ofSeconds(20));
                assertEquals("log", note.method(), note.toString());
                assertTrue(note.params().path("dropped").isMissingNode(), "nothing dropped: " + note);
                got.add(Long.parseLong(note.params().path("line").asText()));
            }
            assertInOrderOnce(got, n);
            long rotated = wire.protocol.Json.mapper().readTree(live.resolveSibling("log_rotation.json").toFile())
                    .path("stdout").path("rotations").asLong();
            System.out.println("follow: " + n + " lines across " + rotated + " rotations");
            assertTrue(rotated >= 3, "rotations: " + rotated);
            assertTrue(client.call("cancel", Map.of("subscription", id)).path("cancelled").asBoolean());
            Notification end = stream.next(Duration.ofSeconds(10));
            assertEquals("log_end", end.method());
            assertEquals("cancelled", end.params().path("reason").asText());
        }
    }

    @Test
    void tailOfAHundredLinesIsTheLastHundredWrittenAlsoThroughTheCli() throws Exception {
        int n = 20_000;
        sandbox.writeSession("chatty", "{\"command\": " + Chatty.command(n, 0, 500, 1, "-")
                + ", \"cwd\": \"/tmp\", \"restart\": \"never\", \"log_max_bytes\": 8192, \"log_keep\": 3}");
        sandbox.startDaemon();
        Awaits.await().until(() -> Files.exists(sandbox.home("chatty").resolve("chatty.done")));
        List<String> expected = new ArrayList<>();
        for (int i = n - 99; i <= n; i++) {
            expected.add(Integer.toString(i));
        }
        List<String> viaRpc = new ArrayList<>();
        try (RpcClient client = sandbox.client();
                NotificationStream stream = client.stream("logs", Map.of("session", "chatty", "tail", 100))) {
            for (Notification note = stream.next(Duration.ofSeconds(20)); note.method().equals("log");
                    note = stream.next(Duration.ofSeconds(20))) {
                viaRpc.add(note.params().path("line").asText());
            }
        }
        assertEquals(expected, viaRpc);
        WireSandbox.CliResult cli = sandbox.cli("supervisor", "logs", "chatty", "-n", "100", "--stream", "stdout");
        assertEquals(0, cli.exitCode(), cli.describe());
        assertEquals(String.join("\n", expected) + "\n", cli.stdout());
        WireSandbox.CliResult merged = sandbox.cli("supervisor", "logs", "chatty", "-n", "2");
        assertEquals(0, merged.exitCode(), merged.describe());
        assertEquals("out| " + (n - 1) + "\nout| " + n + "\n", merged.stdout());
    }
}
