package wire.supervisor.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wire.ipc.StreamOpening;
import wire.protocol.ConfigProblem;
import wire.protocol.Json;
import wire.protocol.LogEnd;
import wire.protocol.LogNotification;
import wire.protocol.LogStream;
import wire.protocol.LogsParams;
import wire.protocol.SessionSpec;
import wire.supervisor.core.SessionEntry;

class LogServiceTest {
    @TempDir
    Path tmp;

    private final LogService logs = LogService.start();

    @AfterEach
    void close() {
        logs.close();
    }

    private Path session(Path parent, String name, long maxBytes, int keep) throws IOException {
        Path home = Files.createDirectories(parent.resolve(name));
        SessionSpec d = SessionSpec.defaults();
        SessionSpec spec = new SessionSpec(d.command(), d.cwd(), d.env(), d.autostart(), d.restart(), d.stopSignal(),
                d.stopGraceSeconds(), d.maxRestarts(), d.restartWindowSeconds(), maxBytes, keep);
        logs.sessions(List.of(SessionEntry.valid(name, home, spec)));
        return home;
    }

    private static Path live(Path home, String stream) {
        return home.resolve("state/wire/" + stream + ".log");
    }

    private RecordingSink open(Path home, String name, int tail, boolean follow, LogStream stream) {
        RecordingSink sink = new RecordingSink();
        StreamOpening opening = logs.open(new LogsParams(name, tail, follow, stream), home, sink.connection());
        opening.start().accept(sink);
        return sink;
    }

    private static List<String> lines(RecordingSink sink, LogStream stream) {
        List<String> out = new ArrayList<>();
        for (RecordingSink.Sent s : sink.sent()) {
            if (s.params() instanceof LogNotification n && n.stream() == stream && n.line() != null) {
                out.add(n.line());
            }
        }
        return out;
    }

    private static long dropped(RecordingSink sink) {
        return sink.sent().stream().filter(s -> s.params() instanceof LogNotification n && n.dropped() != null)
                .mapToLong(s -> ((LogNotification) s.params()).dropped()).sum();
    }

    private static LogEnd.Reason end(RecordingSink sink) {
        return sink.sent().stream().filter(s -> s.params() instanceof LogEnd).map(s -> ((LogEnd) s.params()).reason())
                .findFirst().orElse(null);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** What a reader of the chain sees: {@code .keep … .1, .part, live}, concatenated. */
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

    @Test
    void tailSendsTheLastLinesOfEachStreamThenCompletes() throws Exception {
        Path home = session(tmp, "s", 1 << 20, 5);
        write(live(home, "stdout"), "o1\no2\no3\n");
        write(live(home, "stderr"), "e1\ne2\npartial");
        RecordingSink sink = open(home, "s", 2, false, LogStream.BOTH);
        await(() -> end(sink) != null, "log_end");
        assertEquals(LogEnd.Reason.COMPLETE, end(sink));
        assertEquals(List.of("o2", "o3"), lines(sink, LogStream.STDOUT));
        assertEquals(List.of("e2", "partial"), lines(sink, LogStream.STDERR));
        // stdout's tail entirely before stderr's, and log_end last
        List<RecordingSink.Sent> sent = sink.sent();
        assertEquals(LogStream.STDERR, ((LogNotification) sent.get(2).params()).stream());
        assertTrue(sent.getLast().params() instanceof LogEnd);
    }

    @Test
    void tailReadsAcrossRotatedFilesAndThePart() throws Exception {
        Path home = session(tmp, "s", 1 << 20, 5);
        Path live = live(home, "stdout");
        write(live.resolveSibling("stdout.log.2"), "a\nb\n");
        write(live.resolveSibling("stdout.log.1"), "c\n");
        write(live.resolveSibling("stdout.log.part"), "d-st");
        write(live, "art\ne\n");
        RecordingSink sink = open(home, "s", 4, false, LogStream.STDOUT);
        await(() -> end(sink) != null, "log_end");
        assertEquals(List.of("b", "c", "d-start", "e"), lines(sink, LogStream.STDOUT));
        RecordingSink none = open(home, "s", 0, false, LogStream.STDOUT);
        await(() -> end(none) != null, "log_end");
        assertEquals(List.of(), lines(none, LogStream.STDOUT));
        RecordingSink all = open(home, "s", 100, false, LogStream.STDOUT);
        await(() -> end(all) != null, "log_end");
        assertEquals(List.of("a", "b", "c", "d-start", "e"), lines(all, LogStream.STDOUT));
    }

    @Test
    void followLosesAndRepeatsNothingWhileAFullSpeedWriterIsRotatedManyTimes() throws Exception {
        assumeTrue(collapsible(tmp), "needs a filesystem that collapses ranges");
        Path home = session(tmp, "s", 16 * 1024, 100);
        Path live = live(home, "stdout");
        write(live, "before-1\nbefore-2\nhalf-");
        RecordingSink sink = open(home, "s", 1, true, LogStream.STDOUT);
        await(() -> lines(sink, LogStream.STDOUT).size() == 1, "the tail");
        int n = 100_000;
        try (OutputStream out = new BufferedOutputStream(new FileOutputStream(live.toFile(), true), 8192)) {
            out.write("line\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 1; i <= n; i++) {
                out.write((i + "\n").getBytes(StandardCharsets.UTF_8));
                if (i % 10_000 == 0) {
                    // bursts of ~60 KiB, each read and rotated while the next is written
                    String last = Integer.toString(i - 5000);
                    out.flush();
                    await(() -> lines(sink, LogStream.STDOUT).contains(last), "line " + last);
                }
            }
        }
        await(() -> {
            List<String> got = lines(sink, LogStream.STDOUT);
            return !got.isEmpty() && got.getLast().equals(Integer.toString(n));
        }, "the last line");
        List<String> expected = new ArrayList<>(List.of("before-2", "half-line"));
        for (int i = 1; i <= n; i++) {
            expected.add(Integer.toString(i));
        }
        assertEquals(expected, lines(sink, LogStream.STDOUT));
        assertEquals(0, dropped(sink));
        logs.serviceNow("s");
        assertEquals("before-1\n" + String.join("\n", expected) + "\n", chain(live, 100));
        JsonNode stats = Json.mapper().readTree(live.resolveSibling(RotationStats.FILE).toFile()).path("stdout");
        assertEquals("collapse_range", stats.path("method").asText());
        assertTrue(stats.path("rotations").asLong() >= 3, stats.toString());
        assertEquals(0, stats.path("unguaranteed_bytes").asLong());
        assertTrue(Files.size(live) < 16 * 1024 + 64 * 1024, "live file stays near its limit: " + Files.size(live));
        for (int i = 1; i <= 100; i++) {
            Path rotated = live.resolveSibling("stdout.log." + i);
            if (Files.exists(rotated)) {
                String text = Files.readString(rotated);
                assertTrue(text.endsWith("\n"), "a rotated file holds whole lines: " + rotated);
            }
        }
        assertTrue(logs.cancel(sinkId(sink), sink.connection()));
        assertEquals(LogEnd.Reason.CANCELLED, end(sink));
    }

    private static String sinkId(RecordingSink sink) {
        return ((LogNotification) sink.sent().getFirst().params()).subscription();
    }

    @Test
    void aClientThatStopsReadingIsDroppedForAndToldHowMany() throws Exception {
        Path home = session(tmp, "s", 1 << 30, 5);
        Path live = live(home, "stdout");
        write(live, "first\n");
        RecordingSink sink = open(home, "s", 1, true, LogStream.STDOUT);
        await(() -> lines(sink, LogStream.STDOUT).contains("first"), "the first line");
        sink.capacity(sink.sent().size());
        StringBuilder lost = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            lost.append("lost ").append(i).append('\n');
        }
        write(live, lost.toString());
        await(() -> sink.refused() >= 1, "the first lost line refused");
        Thread.sleep(50); // the rest of that one write is read in the same pass, and the retry gate passes
        sink.capacity(Integer.MAX_VALUE);
        write(live, "after\n");
        await(() -> lines(sink, LogStream.STDOUT).contains("after"), "the line after");
        assertEquals(50, dropped(sink));
        assertEquals(List.of("first", "after"), lines(sink, LogStream.STDOUT));
    }


    @Test
    void removingTheSessionEndsItsStreams() throws Exception {
        Path home = session(tmp, "s", 1 << 20, 5);
        write(live(home, "stdout"), "x\n");
        RecordingSink sink = open(home, "s", 10, true, LogStream.BOTH);
        await(() -> lines(sink, LogStream.STDOUT).size() == 1, "the tail");
        logs.sessions(List.of());
        assertEquals(LogEnd.Reason.SESSION_REMOVED, end(sink));
    }

    @Test
    void aSessionHomeThatIsASymbolicLinkIsNeverWrittenThrough() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path link = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("sessions")).resolve("escape"), outside);
        SessionEntry refused = new SessionEntry("escape", link, null,
                List.of(new ConfigProblem(null, "$", link + " is a symbolic link")), false, "invalid session");

        logs.sessions(List.of(refused));

        assertFalse(Files.exists(outside.resolve("state")), "the log service created files through the link");
    }

    @Test
    void shutdownEndsEveryStream() throws Exception {
        Path home = session(tmp, "s", 1 << 20, 5);
        RecordingSink sink = open(home, "s", 10, true, LogStream.STDERR);
        logs.shutdown();
        await(() -> end(sink) != null, "log_end");
        assertEquals(LogEnd.Reason.SHUTDOWN, end(sink));
        assertFalse(logs.cancel(sinkIdOf(sink), sink.connection()));
    }

    private static String sinkIdOf(RecordingSink sink) {
        return ((LogEnd) sink.sent().getLast().params()).subscription();
    }

    @Test
    void onTmpfsRotationCopiesAndTruncatesAndCountsWhatItCouldNotGuarantee() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm) && !collapsible(shm), "needs a tmpfs");
        Path dir = Files.createTempDirectory(shm, "wire-logs-test-");
        try {
            Path live = live(dir.resolve("t"), "stdout");
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 2000; i++) {
                text.append(i).append('\n');
            }
            write(live, text.toString()); // all written before the daemon looks: a quiet writer
            session(dir, "t", 4096, 10);
            await(() -> Files.exists(live.resolveSibling(RotationStats.FILE)), "a rotation");
            logs.serviceNow("t");
            assertEquals(text.toString(), chain(live, 10));
            JsonNode stats = Json.mapper().readTree(live.resolveSibling(RotationStats.FILE).toFile()).path("stdout");
            assertEquals("copy_truncate", stats.path("method").asText());
            assertEquals(0, stats.path("unguaranteed_bytes").asLong(), "a quiet writer risks nothing");
            assertEquals(0, Files.size(live));
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static boolean collapsible(Path dir) throws IOException {
        String type = Files.getFileStore(dir).type();
        return Map.of("ext4", true, "xfs", true).getOrDefault(type, false);
    }
}
