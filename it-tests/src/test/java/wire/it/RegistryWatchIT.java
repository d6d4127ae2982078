package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import wire.protocol.RpcException;

/**
 * DESIGN.md "Supervision semantics", registry: the file watch picks up a change to the sessions
 * on disk without a reload, long before the full rescan (600 s here), and the rescan finds what
 * the watch cannot see. RegistryIT covers reload and SIGHUP with the watch turned off.
 */
class RegistryWatchIT {
    /** A thirtieth of the rescan interval the daemon runs with: only the watch can be this quick. */
    private static final Duration WELL_BEFORE_THE_RESCAN = Duration.ofSeconds(20);
    private static final String CWD = "\"cwd\": \"/tmp\"";

    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    private List<String> listed() throws RpcException {
        List<String> names = new ArrayList<>();
        sandbox.call("list", null).path("sessions").forEach(s -> names.add(s.path("name").asText()));
        return names;
    }

    private static List<String> command(JsonNode status) {
        List<String> out = new ArrayList<>();
        status.path("command").forEach(a -> out.add(a.asText()));
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void addedChangedGarbageRenamedRemovedAndSymlinkedSessionsAreNoticedWithoutAReload() throws Exception {
        for (String name : List.of("steady", "edited", "moving", "leaving")) {
            sandbox.helperSession(name, "sleeper.sh", CWD);
        }
        sandbox.startDaemon("--registry-poll", "600");
        long steady = Supervision.runningPid(sandbox, "steady");
        long edited = Supervision.runningPid(sandbox, "edited");
        long moving = Supervision.runningPid(sandbox, "moving");
        long leaving = Supervision.runningPid(sandbox, "leaving");

        sandbox.helperSession("added", "sleeper.sh", CWD);
        Awaits.await(WELL_BEFORE_THE_RESCAN).until(() -> Supervision.state(sandbox, "added").equals("running"));

        List<String> changed = List.of(sandbox.helper("sleeper.sh").toString(), "changed");
        Supervision.session(sandbox, "edited", changed, CWD);
        Awaits.await(WELL_BEFORE_THE_RESCAN).until(() -> {
            JsonNode st = sandbox.status("edited");
            return command(st).equals(changed) && st.path("state").asText().equals("running");
        });
        long editedAgain = Supervision.pid(sandbox, "edited");
        assertTrue(editedAgain != edited && !Procs.alive(edited), "the changed session was restarted");

        sandbox.writeSession("edited", "{\"command\": [");
        Awaits.await(WELL_BEFORE_THE_RESCAN).until(() ->
                sandbox.status("edited").path("ineligible_reason").asText().contains("invalid"));
        assertEquals(editedAgain, Supervision.pid(sandbox, "edited"), "a garbage session.json leaves its child alone");

        Files.move(sandbox.home("moving"), sandbox.home("moved"));
        Awaits.await(WELL_BEFORE_THE_RESCAN).until(() -> listed().contains("moved") && !listed().contains("moving"));
        Supervision.runningPid(sandbox, "moved");
        Awaits.await(WELL_BEFORE_THE_RESCAN).until(() -> !Procs.alive(moving));

        deleteTree(sandbox.home("leaving"));
        Awaits.await(WELL_BEFORE_THE_RESCAN).until(() -> !listed().contains("leaving") && !Procs.alive(leaving));

        Files.createSymbolicLink(sandbox.home("linked"), sandbox.home("steady"));
        Awaits.await(WELL_BEFORE_THE_RESCAN).until(() ->
                sandbox.status("linked").path("ineligible_reason").asText().contains("invalid"));

        assertEquals(steady, Supervision.pid(sandbox, "steady"), "an unchanged session keeps its child");
        assertTrue(Procs.alive(steady));
    }

    @Test
    void aDeletedSocketFileIsBoundAgainWithoutWaitingForTheRescan() throws Exception {
        sandbox.startDaemon("--registry-poll", "600");
        for (int i = 0; i < 2; i++) {
            Files.delete(sandbox.socket());
            Awaits.await(WELL_BEFORE_THE_RESCAN).until(() -> Supervisors.answers(sandbox.socket()));
        }
    }

    /**
     * A write through a hard link in another directory reaches no watched directory (inotify
     * reports a change to the directory of the name it was made through), so only the rescan,
     * every second here, can find it.
     */
    @Test
    void theRescanFindsAChangeTheWatchCannotSee() throws Exception {
        Path outside = sandbox.root().resolve("outside-session.json");
        String helper = sandbox.helper("sleeper.sh").toString();
        Files.writeString(outside, "{\"command\": [\"" + helper + "\", \"v1\"], " + CWD + "}");
        Path home = Files.createDirectories(sandbox.home("linked"));
        Files.createLink(home.resolve("session.json"), outside);
        sandbox.startDaemon("--registry-poll", "1");
        long first = Supervision.runningPid(sandbox, "linked");

        Files.writeString(outside, "{\"command\": [\"" + helper + "\", \"v2\"], " + CWD + "}",
                StandardOpenOption.TRUNCATE_EXISTING);
        Supervision.newPid(sandbox, "linked", first);
        assertEquals(List.of(helper, "v2"), command(sandbox.status("linked")));
    }
}
