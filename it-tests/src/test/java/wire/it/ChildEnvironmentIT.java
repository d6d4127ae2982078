package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DESIGN.md "Supervision semantics", child environment and output: what a real child is started
 * with (env, cwd, descriptors, signal state) and where its output goes.
 */
class ChildEnvironmentIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    @Test
    void boundChildSeesExactlyOneWireVariableTheSessionEnvAndItsCwd() throws Exception {
        sandbox.env("WIRE_FOO", "bar");
        Path home = sandbox.helperSession("envy", "env-dump.sh",
                "\"cwd\": \"/tmp\", \"env\": {\"GREETING\": \"hello world\"}");
        sandbox.startDaemon();
        Path envOut = home.resolve("env.out");
        Awaits.await().until(() -> Files.exists(envOut) && Files.exists(home.resolve("cwd.out")));

        List<String> env = Files.readAllLines(envOut);
        List<String> wire = env.stream().filter(l -> l.startsWith("WIRE_")).toList();
        assertEquals(List.of("WIRE_HOME=" + home), wire, "the only WIRE_* variable; whole env: " + env);
        assertTrue(env.contains("GREETING=hello world"), "session env is passed: " + env);
        assertTrue(env.stream().anyMatch(l -> l.startsWith("PATH=")), "the daemon's own env is passed: " + env);
        assertEquals("/tmp", Files.readString(home.resolve("cwd.out")).strip());

        // The same seen from outside, on the process that runs now (the script exec'd sleep).
        long pid = Supervision.runningPid(sandbox, "envy");
        List<String> environ = Procs.environ(pid).orElseThrow();
        assertEquals(List.of("WIRE_HOME=" + home), environ.stream().filter(l -> l.startsWith("WIRE_")).toList());
    }

    @Test
    void childStartsWithOnlyStdioAndDefaultSignalState() throws Exception {
        sandbox.helperSession("plain", "sleeper.sh", "\"cwd\": \"/tmp\"");
        sandbox.startDaemon();
        long pid = Supervision.runningPid(sandbox, "plain");

        List<String> fds;
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of("0", "1", "2"), fds, "no descriptor of the daemon leaks into the child");
        assertEquals("/dev/null", Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", "0")).toString());
        List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
        assertTrue(status.contains("SigBlk:\t0000000000000000"), "empty signal mask: " + status);
        assertTrue(status.contains("SigIgn:\t0000000000000000"), "no ignored signals: " + status);
    }

    @Test
    void unboundChildRunsInItsHome() throws Exception {
        sandbox.env("WIRE_ALL_SESSIONS_MAX_IDLE_DAYS", "0");
        Path home = sandbox.helperSession("loose", "env-dump.sh", null);
        sandbox.startDaemon();
        Awaits.await().until(() -> Files.exists(home.resolve("cwd.out")));
        assertEquals(home.toRealPath().toString(), Files.readString(home.resolve("cwd.out")).strip());
        List<String> env = Files.readAllLines(home.resolve("env.out"));
        assertEquals(List.of("WIRE_HOME=" + home), env.stream().filter(l -> l.startsWith("WIRE_")).toList(),
                "WIRE_ALL_SESSIONS_MAX_IDLE_DAYS of the daemon is not passed on either");
        JsonNode st = sandbox.status("loose");
        assertEquals(home.toString(), st.path("cwd").asText());
        assertEquals(false, st.path("bound").asBoolean());
    }

    @Test
    void outputIsAppendedToTheLogsAndChildJsonRecordsTheSpawn() throws Exception {
        List<String> argv = List.of("/bin/sh", "-c", "echo out-$$; echo err-$$ >&2; exec sleep 1000000");
        Path home = Supervision.session(sandbox, "talker", argv, "\"cwd\": \"/tmp\"");
        sandbox.startDaemon();
        long pid = Supervision.runningPid(sandbox, "talker");
        Path logs = Supervision.stateDir(home);
        Awaits.await().until(() -> Supervision.lines(logs.resolve("stdout.log")).contains("out-" + pid)
                && Supervision.lines(logs.resolve("stderr.log")).contains("err-" + pid));
        assertTrue(!Supervision.read(logs.resolve("stdout.log")).contains("err-"), "stderr kept apart from stdout");

        JsonNode child = Supervision.stateJson(home, "child.json").orElseThrow();
        assertEquals(pid, child.path("pid").asLong());
        assertEquals(pid, child.path("pgid").asLong(), "the child leads its own group");
        assertEquals(Procs.startTime(pid), child.path("start_time").asLong());
        List<String> recorded = new java.util.ArrayList<>();
        child.path("argv").forEach(a -> recorded.add(a.asText()));
        assertEquals(argv, recorded);
        assertTrue(child.path("spawned_at").isTextual(), child.toString());
        String session = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        assertTrue(session.contains(" " + pid + " " + pid + " "), "pgid and sid are the child's pid: " + session);

        // A restart appends: the first child's lines stay.
        sandbox.call("restart", Map.of("session", "talker"));
        long second = Supervision.runningPid(sandbox, "talker");
        assertTrue(second != pid);
        Awaits.await().until(() -> Supervision.lines(logs.resolve("stdout.log")).contains("out-" + second));
        assertTrue(Supervision.lines(logs.resolve("stdout.log")).contains("out-" + pid));
    }
}
