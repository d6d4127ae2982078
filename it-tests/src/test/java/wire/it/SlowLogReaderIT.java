package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import wire.ipc.NotificationStream;
import wire.ipc.RpcClient;
import wire.protocol.Notification;

/** PROTOCOL.md, the slow-reader rule: a follower that never reads costs a bounded queue, and only itself. */
class SlowLogReaderIT {
    private static final Pattern USED = Pattern.compile("(?m)^\\s*(?:DefNew|Tenured|def new generation|tenured generation)\\s+total \\d+K, used (\\d+)K");
    private static final Pattern RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");

    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    /** Heap in use right after a full GC, in KiB: what the daemon really holds on to. */
    private static long liveHeapKib(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        long used = 0;
        int found = 0;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
            found++;
        }
        assertEquals(2, found, "serial GC heap_info: " + info);
        return used;
    }

    private static long rssKib(long pid) throws IOException {
        Matcher m = RSS.matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
        assertTrue(m.find());
        return Long.parseLong(m.group(1));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "jcmd " + command + ": " + out);
        return out;
    }

    @Test
    void aFollowerThatNeverReadsKeepsTheHeapBoundedAndOthersAreServed() throws Exception {
        sandbox.writeSession("chatty", "{\"command\": " + Chatty.command(0, 3, 100, 2, "-")
                + ", \"cwd\": \"/tmp\", \"log_max_bytes\": 1048576, \"log_keep\": 2}");
        long pid = sandbox.startDaemon().pid();
        Awaits.await().until(() -> sandbox.status("chatty").path("state").asText().equals("running"));
        long heapBefore = liveHeapKib(pid);
        long rssBefore = rssKib(pid);
        try (RawClient stuck = new RawClient(sandbox.socket())) {
            stuck.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logs\",\"params\":{\"session\":\"chatty\","
                    + "\"follow\":true,\"tail\":1000}}\n");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            long linesSeenByOther = 0;
            long slowestStatusMillis = 0;
            try (RpcClient other = sandbox.client();
                    NotificationStream follow = other.stream("logs",
                            Map.of("session", "chatty", "tail", 0, "follow", true, "stream", "stderr"))) {
                while (System.nanoTime() < until) {
                    Notification n = follow.next(Duration.ofSeconds(10));
                    if (n.params().has("line")) {
                        linesSeenByOther++;
                    }
                    if (linesSeenByOther % 20_000 == 0) {
                        long t0 = System.nanoTime();
                        assertEquals("running", sandbox.status("chatty").path("state").asText());
                        slowestStatusMillis = Math.max(slowestStatusMillis, (System.nanoTime() - t0) / 1_000_000);
                    }
                }
            }
            long heapAfter = liveHeapKib(pid);
            long rssAfter = rssKib(pid);
            System.out.printf("stuck follower for 8 s: live heap %d KiB -> %d KiB, RSS %d KiB -> %d KiB; "
                    + "other follower got %d lines, slowest status %d ms%n", heapBefore, heapAfter, rssBefore,
                    rssAfter, linesSeenByOther, slowestStatusMillis);
            assertTrue(linesSeenByOther > 10_000, "the other client is served: " + linesSeenByOther);
            assertTrue(slowestStatusMillis < 2000, "status stays quick: " + slowestStatusMillis + " ms");
            assertTrue(heapAfter - heapBefore < 24 * 1024, "heap bounded: " + heapBefore + " -> " + heapAfter + " KiB");

            // The stuck client, once it reads, gets what was queued, then a drop count, then lines again.
            assertTrue(stuck.readLine().contains("\"result\""));
            boolean sawDrop = false;
            for (int i = 0; i < 100_000 && !sawDrop; i++) {
                String line = stuck.readLine();
                assertTrue(line != null && line.contains("\"method\":\"log\""), line);
                sawDrop = line.contains("\"dropped\"");
            }
            assertTrue(sawDrop, "a dropped count after the queue overflowed");
        }
    }
}
