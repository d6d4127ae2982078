package wire.supervisor.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wire.protocol.SessionSpec;
import wire.supervisor.core.AtomicFiles;
import wire.supervisor.core.SessionEntry;

/**
 * The registry's inotify watch on real directories: what it names, and what it cannot see (which
 * the full rescan is for). A negative is checked without waiting for nothing: a marker change is
 * made after the unseen one, and inotify delivers events in order, so once the marker is named
 * any event of the earlier change would have been too.
 */
class RegistryWatchTest {
    private static final long DEADLINE_MILLIS = 5000;

    @TempDir
    Path tmp;

    private Path root;
    private Path sessions;
    private RegistryWatch watch;

    @BeforeEach
    void open() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        sessions = Files.createDirectories(root.resolve("sessions"));
        watch = RegistryWatch.open(root, root.resolve("supervisor.sock"));
    }

    @AfterEach
    void close() {
        watch.close();
    }

    private Path session(String name, String json) throws IOException {
        Path home = Files.createDirectories(sessions.resolve(name));
        AtomicFiles.write(home.resolve("session.json"), json.getBytes(StandardCharsets.UTF_8));
        return home;
    }

    private SessionEntry eligible(String name) {
        return SessionEntry.valid(name, sessions.resolve(name), SessionSpec.defaults());
    }

    private SessionEntry idle(String name) {
        return new SessionEntry(name, sessions.resolve(name), SessionSpec.defaults(), List.of(), false, "idle");
    }

    /** Tracks {@code entries} and takes the re-read of newly watched homes that tracking asks for. */
    private void track(SessionEntry... entries) {
        watch.track(List.of(entries));
        until(c -> c.woken());
    }

    /** Everything the watch reports until {@code done} holds of it; fails after the deadline. */
    private RegistryWatch.Changes until(Predicate<RegistryWatch.Changes> done) {
        RegistryWatch.Changes all = new RegistryWatch.Changes(true, false, false, Set.of(), false);
        long end = System.nanoTime() + DEADLINE_MILLIS * 1_000_000;
        List<RegistryWatch.Changes> seen = new ArrayList<>();
        while (!done.test(all)) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("not reported within " + DEADLINE_MILLIS + " ms; saw " + seen);
            }
            RegistryWatch.Changes c = watch.await(left);
            seen.add(c);
            all = all.and(c);
        }
        return all;
    }

    @Test
    void aNewlyTrackedHomeIsNamedOnceSoItsFileIsReadAgainAfterTheWatchIsInPlace() throws IOException {
        session("api", "{}");
        watch.track(List.of(eligible("api")));
        RegistryWatch.Changes c = until(x -> x.sessions().contains("api"));
        assertTrue(c.woken(), c.toString());
        assertTrue(watch.complete());
    }

    @Test
    void aChangedSessionJsonNamesItsSession() throws IOException {
        session("api", "{}");
        session("other", "{}");
        track(eligible("api"), eligible("other"));

        session("api", "{\"autostart\": false}");
        RegistryWatch.Changes c = until(x -> x.sessions().contains("api"));
        assertFalse(c.sessions().contains("other"), c.toString());
        assertFalse(c.everything(), c.toString());
    }

    @Test
    void aSessionJsonWrittenInPlaceOrMadeGarbageIsNamed() throws IOException {
        Path home = session("api", "{}");
        track(eligible("api"));
        Files.writeString(home.resolve("session.json"), "{\"command\": [", StandardOpenOption.TRUNCATE_EXISTING);
        until(x -> x.sessions().contains("api"));
        Files.delete(home.resolve("session.json"));
        until(x -> x.sessions().contains("api"));
    }

    @Test
    void addedRemovedAndRenamedSessionDirectoriesAreNamed() throws IOException {
        session("old", "{}");
        track(eligible("old"));

        Files.createDirectories(sessions.resolve("fresh"));
        until(x -> x.sessions().contains("fresh"));
        Files.move(sessions.resolve("old"), sessions.resolve("renamed"));
        until(x -> x.sessions().containsAll(List.of("old", "renamed")));
        Files.move(sessions.resolve("renamed"), root.resolve("moved-out"));
        until(x -> x.sessions().contains("renamed"));
        Files.delete(sessions.resolve("fresh"));
        until(x -> x.sessions().contains("fresh"));
        Files.createSymbolicLink(sessions.resolve("linked"), root.resolve("moved-out"));
        until(x -> x.sessions().contains("linked"));
    }

    @Test
    void aHomeReplacedUnderTheSameNameIsWatchedAfresh() throws IOException {
        session("api", "{}");
        session("marker", "{}");
        track(eligible("api"), eligible("marker"));
        Files.move(sessions.resolve("api"), root.resolve("api-old"));
        session("api", "{}");
        until(x -> x.sessions().contains("api"));
        track(eligible("api"), eligible("marker")); // the next pass: the new directory gets its own watch

        Files.writeString(root.resolve("api-old").resolve("session.json"), "{\"autostart\": false}");
        session("marker", "{\"autostart\": true}");
        RegistryWatch.Changes c = until(x -> x.sessions().contains("marker"));
        assertFalse(c.sessions().contains("api"), "the old directory is no longer watched: " + c);
        session("api", "{\"restart\": \"never\"}");
        until(x -> x.sessions().contains("api"));
    }

    @Test
    void aWriteThroughAHardLinkElsewhereIsNotSeenWhichIsWhatTheRescanIsFor() throws IOException {
        Path outside = root.resolve("outside.json");
        Files.writeString(outside, "{}");
        Path home = Files.createDirectories(sessions.resolve("linked"));
        Files.createLink(home.resolve("session.json"), outside);
        session("marker", "{}");
        track(eligible("linked"), eligible("marker"));

        Files.writeString(outside, "{\"autostart\": false}", StandardOpenOption.TRUNCATE_EXISTING);
        session("marker", "{\"autostart\": true}");
        RegistryWatch.Changes c = until(x -> x.sessions().contains("marker"));
        assertFalse(c.sessions().contains("linked"), c.toString());
    }

    @Test
    void activityOfASessionTheIdleFilterHoldsBackIsNamedAndOfOthersNot() throws IOException {
        Path held = Files.createDirectories(session("held", "{}").resolve("state").resolve("wire"));
        Path running = Files.createDirectories(session("running", "{}").resolve("state").resolve("wire"));
        track(idle("held"), eligible("running"));

        Files.writeString(running.resolve("last_sync.json"), "{}");
        Files.writeString(held.resolve("stdout.log"), "a log line is not activity\n");
        Files.writeString(held.resolve("notify.cursor"), "1");
        RegistryWatch.Changes c = until(x -> x.sessions().contains("held"));
        assertFalse(c.sessions().contains("running"), c.toString());
    }

    @Test
    void aDeletedSocketFileIsReported() throws IOException {
        Path socket = Files.writeString(root.resolve("supervisor.sock"), "");
        until(RegistryWatch.Changes::socket);
        Files.delete(socket);
        assertTrue(until(RegistryWatch.Changes::socket).socket());
    }

    @Test
    void aReplacedSessionsDirectoryMeansEverythingIsScannedAndWatchedAgain() throws IOException {
        session("api", "{}");
        track(eligible("api"));
        Files.move(sessions, root.resolve("sessions-old"));
        Files.createDirectories(sessions);
        until(RegistryWatch.Changes::everything);
        watch.track(List.of()); // the new sessions/ is empty
        Files.createDirectories(sessions.resolve("later"));
        until(x -> x.sessions().contains("later"));
    }

    @Test
    void wakeEndsAWaitAtOnce() {
        watch.wake();
        assertTrue(until(RegistryWatch.Changes::woken).woken());
    }
}
