package wire.supervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static wire.supervisor.process.Awaits.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DESIGN.md "Stop": signals reach the whole group, and escapees are found by their WIRE_HOME. */
class GroupsAndEnvironmentTest {
    private static final int SIGKILL = 9;

    @RegisterExtension
    final Children children = new Children();

    private static long parentOf(long pid) {
        return ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L);
    }

    @Test
    void groupKillReachesEveryForkedProcess() throws Exception {
        SpawnedChild forker = children.spawn("sh", "-c", "sleep 100 & sleep 100 & wait");
        ProcessHandle shell = ProcessHandle.of(forker.pid()).orElseThrow();
        await().until(() -> shell.children().count() == 2);
        List<Long> sleeps = shell.children().map(ProcessHandle::pid).toList();
        sleeps.forEach(pid -> assertEquals(forker.pgid(), children.control().processGroup(pid).orElseThrow()));
        assertTrue(children.control().signalGroup(forker.pgid(), 0), "group is alive");
        assertTrue(children.control().groupAlive(forker.pgid()), "group has running members");

        assertTrue(children.control().signalGroup(forker.pgid(), SIGKILL));

        assertEquals(ExitStatus.killedBy("KILL"), children.awaitExit(forker));
        // Killed orphans stop running at once, though init may take seconds to reap their zombies.
        await().until(() -> !children.control().groupAlive(forker.pgid()));
        await(Duration.ofSeconds(30)).until(() -> !children.control().signalGroup(forker.pgid(), 0));
        sleeps.forEach(pid -> assertFalse(children.control().signal(pid, 0)));
    }

    @Test
    void signallingAGoneProcessOrGroupIsFalse() throws Exception {
        SpawnedChild child = children.spawn("true");
        children.awaitExit(child);

        assertFalse(children.control().signal(child.pid(), 0));
        assertFalse(children.control().signalGroup(child.pgid(), 0));
        assertTrue(children.control().startTime(child.pid()).isEmpty());
        assertTrue(children.control().processGroup(child.pid()).isEmpty());
    }

    @Test
    void pidsThatKillWouldReadAsGroupsOrEveryoneAreRefused() {
        for (long pid : new long[] {-1, 0, 1}) {
            assertThrows(IllegalArgumentException.class, () -> children.control().signal(pid, 0));
            assertThrows(IllegalArgumentException.class, () -> children.control().signalGroup(pid, 0));
        }
    }

    @Test
    void processesWithEnvFindsTheChildAndItsEscapeeAndNothingElse() throws Exception {
        String home = "/tmp/wire-test-" + UUID.randomUUID();
        Map<String, String> env = Children.env();
        env.put("WIRE_HOME", home);
        SpawnedChild child = children.spawn(env, "sh", "-c", "setsid sleep 100 & sleep 100");

        await().until(() -> children.control().processesWithEnv("WIRE_HOME", home).size() == 3);
        List<Long> found = children.control().processesWithEnv("WIRE_HOME", home);
        assertTrue(found.contains(child.pid()));
        found.forEach(pid -> assertTrue(pid == child.pid() || parentOf(pid) == child.pid(), "descendant " + pid));
        List<Long> escaped = found.stream()
                .filter(pid -> ProcFs.stat(pid).orElseThrow().session() != child.pid())
                .toList();
        assertEquals(1, escaped.size(), "one setsid escapee among " + found);
        children.killAfterwards(escaped.getFirst());
        assertFalse(found.contains(ProcessHandle.current().pid()));

        assertEquals(List.of(), children.control().processesWithEnv("WIRE_HOME", home.substring(0, home.length() - 1)));
        assertEquals(List.of(), children.control().processesWithEnv("WIRE_HOM", home));
        assertEquals(List.of(), children.control().processesWithEnv("IRE_HOME", home));
    }

    @Test
    void processesWithEnvPrefixFindsEveryHomeUnderARootWithValueAndCommandLine() throws Exception {
        String root = "/tmp/wire-test-" + UUID.randomUUID();
        Map<String, String> env = Children.env();
        env.put("WIRE_HOME", root + "/sessions/api");
        SpawnedChild child = children.spawn(env, "sleep", "100");

        await().until(() -> children.control().processesWithEnvPrefix("WIRE_HOME", root + "/", pid -> false).size() == 1);
        ProcessControl.EnvMatch match = children.control().processesWithEnvPrefix("WIRE_HOME", root + "/", pid -> false).getFirst();
        assertEquals(child.pid(), match.pid());
        assertEquals(root + "/sessions/api", match.value());
        assertTrue(match.cmdline().endsWith("sleep 100"), match.cmdline());
        assertEquals(List.of(), children.control().processesWithEnvPrefix("WIRE_HOME", root + "/other/", pid -> false));
        assertEquals(List.of(), children.control().processesWithEnvPrefix("WIRE_HOME", root + "/", pid -> pid == child.pid()));
    }

    @Test
    void processesWithEnvMatchesThisJvmOnlyByItsRealEnvironment() {
        String path = System.getenv("PATH");
        List<Long> withPath = children.control().processesWithEnv("PATH", path);
        assertTrue(withPath.contains(ProcessHandle.current().pid()), "the JVM's own PATH");
    }

    @Test
    void groupsAliveAnswersForManyGroupsAtOnce() throws Exception {
        SpawnedChild a = children.spawn("sleep", "100");
        SpawnedChild b = children.spawn("sleep", "100");
        SpawnedChild gone = children.spawn("true");
        children.awaitExit(gone);

        assertEquals(Set.of(a.pgid(), b.pgid()), children.control().groupsAlive(List.of(a.pgid(), b.pgid(), gone.pgid())));

        children.control().signalGroup(b.pgid(), SIGKILL);
        children.awaitExit(b);
        assertEquals(Set.of(a.pgid()), children.control().groupsAlive(List.of(a.pgid(), b.pgid(), gone.pgid())));
        assertEquals(Set.of(), children.control().groupsAlive(List.of()));
        assertThrows(IllegalArgumentException.class, () -> children.control().groupsAlive(List.of(a.pgid(), 1L)));
    }

    @Test
    void processesWithEnvFindsEveryHomeAskedForInOnePass() throws Exception {
        String base = "/tmp/wire-test-" + UUID.randomUUID();
        String tree = base + "/tree";
        String single = base + "/single";
        String nobody = base + "/nobody";
        Map<String, String> treeEnv = Children.env();
        treeEnv.put("WIRE_HOME", tree);
        SpawnedChild forker = children.spawn(treeEnv, "sh", "-c", "setsid sleep 100 & sleep 100");
        Map<String, String> singleEnv = Children.env();
        singleEnv.put("WIRE_HOME", single);
        SpawnedChild sleeper = children.spawn(singleEnv, "sleep", "100");
        Set<String> homes = Set.of(tree, single, nobody);

        await().until(() -> children.control().processesWithEnv("WIRE_HOME", homes).getOrDefault(tree, List.of()).size() == 3);
        Map<String, List<Long>> found = children.control().processesWithEnv("WIRE_HOME", homes);
        found.get(tree).stream().filter(pid -> pid != forker.pid() && parentOf(pid) != forker.pid())
                .forEach(children::killAfterwards);

        assertEquals(Set.of(tree, single), found.keySet(), "a home no process carries is absent");
        assertTrue(found.get(tree).contains(forker.pid()));
        assertEquals(List.of(sleeper.pid()), found.get(single));
        assertEquals(found.get(tree), children.control().processesWithEnv("WIRE_HOME", tree),
                "the same answer as the one-value form");
    }

    @Test
    void hasEnvReadsOneProcessOnly() throws Exception {
        String home = "/tmp/wire-test-" + UUID.randomUUID();
        Map<String, String> env = Children.env();
        env.put("WIRE_HOME", home);
        SpawnedChild child = children.spawn(env, "sleep", "100");

        // The kernel sets up the new environment a moment after posix_spawn has returned.
        await().until(() -> children.control().hasEnv(child.pid(), "WIRE_HOME", home));
        assertFalse(children.control().hasEnv(child.pid(), "WIRE_HOME", home + "x"));
        assertFalse(children.control().hasEnv(child.pid(), "WIRE_HOM", home));
        assertFalse(children.control().hasEnv(ProcessHandle.current().pid(), "WIRE_HOME", home));

        children.control().signal(child.pid(), SIGKILL);
        children.awaitExit(child);
        assertFalse(children.control().hasEnv(child.pid(), "WIRE_HOME", home), "a gone process carries nothing");
    }
}
