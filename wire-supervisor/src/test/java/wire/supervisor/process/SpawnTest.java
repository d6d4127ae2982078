package wire.supervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a spawned child starts with (DESIGN.md "Supervision semantics": process group, output). */
class SpawnTest {
    @RegisterExtension
    final Children children = new Children();

    private static String statusLine(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith(field + ":"))
                .map(l -> l.substring(field.length() + 1).strip())
                .findFirst().orElseThrow();
    }

    @Test
    void childLeadsItsOwnSessionAndGroupAndDiesOfTheGroupSignal() throws Exception {
        SpawnedChild child = children.spawn("sleep", "30");

        assertTrue(child.pid() > 0);
        assertEquals(child.pid(), child.pgid());
        ProcStat stat = ProcFs.stat(child.pid()).orElseThrow();
        assertEquals(child.pid(), stat.session(), "session leader");
        assertEquals(child.pid(), stat.processGroup());
        assertEquals(child.startTime(), children.control().startTime(child.pid()).orElseThrow());
        assertEquals(child.pid(), children.control().processGroup(child.pid()).orElseThrow());
        assertEquals("/usr/bin/sleep", child.executable());
        assertEquals(children.control().executableFingerprint("/usr/bin/sleep"), child.fingerprint());

        assertTrue(children.control().signalGroup(child.pgid(), 15));
        assertEquals(ExitStatus.killedBy("TERM"), children.awaitExit(child));
    }

    @Test
    void environmentIsExactlyTheGivenMap() throws Exception {
        Map<String, String> env = Children.env();
        env.put("WIRE_HOME", children.dir().toString());
        env.put("WITH_SPACES", "a b  c");
        env.put("WITH_EQUALS", "k=v=w");
        env.put("EMPTY", "");
        SpawnedChild child = children.spawn(env, "env");

        assertEquals(ExitStatus.exited(0), children.awaitExit(child));
        Set<String> expected = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, new TreeSet<>(Files.readAllLines(children.stdout())));
    }

    @Test
    void runsInTheRequestedCwd() throws Exception {
        Path cwd = Files.createDirectories(children.dir().resolve("work dir"));
        SpawnedChild child = children.spawn(new SpawnRequest(List.of("pwd"), Children.env(), cwd,
                children.stdout(), children.stderr()));

        assertEquals(ExitStatus.exited(0), children.awaitExit(child));
        assertEquals(cwd + "\n", Files.readString(children.stdout()));
    }

    @Test
    void outputIsAppendedToTheTwoLogsWhoseDirectoryIsCreated() throws Exception {
        Path logs = children.dir().resolve("state/wire");
        Path out = logs.resolve("stdout.log");
        Path err = logs.resolve("stderr.log");
        SpawnRequest request = new SpawnRequest(List.of("sh", "-c", "echo out; echo err >&2"), Children.env(),
                children.dir(), out, err);

        assertEquals(ExitStatus.exited(0), children.awaitExit(children.spawn(request)));
        assertEquals(ExitStatus.exited(0), children.awaitExit(children.spawn(request)));
        assertEquals("out\nout\n", Files.readString(out));
        assertEquals("err\nerr\n", Files.readString(err));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    @Test
    void stdinIsDevNullAndNoOtherDescriptorIsInherited() throws Exception {
        // Java opens plain files without O_CLOEXEC: this one would leak without closefrom.
        try (FileInputStream held = new FileInputStream("/etc/hostname")) {
            assertTrue(held.getFD().valid());
            SpawnedChild child = children.spawn("sleep", "30");

            Path fds = Path.of("/proc/" + child.pid() + "/fd");
            // Eventually, not at once: the spawn returns when the child has exec'd, and its dynamic
            // loader and setlocale then open and close libraries and the locale archive as fd 3 for
            // a moment. A descriptor inherited from the JVM would stay open for the child's life.
            Awaits.await().untilAsserted(() -> {
                try (Stream<Path> open = Files.list(fds)) {
                    assertEquals(Set.of("0", "1", "2"),
                            open.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
                }
            });
            assertEquals(Path.of("/dev/null"), Files.readSymbolicLink(fds.resolve("0")));
            assertEquals(children.stdout(), Files.readSymbolicLink(fds.resolve("1")));
            assertEquals(children.stderr(), Files.readSymbolicLink(fds.resolve("2")));
        }
    }

    @Test
    void childHasDefaultDispositionsAndAnEmptyMaskWhateverTheJvmIgnoresOrBlocks() throws Throwable {
        // SIGWINCH: nothing in the JVM uses it, so it is safe to ignore and block here for a while.
        JvmSignals jvm = JvmSignals.ignoreAndBlock(JvmSignals.SIGWINCH);
        try {
            long self = ProcessHandle.current().pid();
            assertEquals(1L << 27, Long.parseLong(statusLine(self, "SigIgn"), 16) & (1L << 27));
            SpawnedChild child = children.spawn("sleep", "30");

            assertEquals("0000000000000000", statusLine(child.pid(), "SigBlk"));
            // glibc's internal signals 32 and 33 included: sigfillset(3) alone would leave them ignored.
            assertEquals("0000000000000000", statusLine(child.pid(), "SigIgn"));
        } finally {
            jvm.restore();
        }
    }

    @Test
    void missingAbsoluteProgramIsAClearErrorAndLeavesNoChild() {
        long before = ProcessHandle.current().children().count();
        SpawnException e = assertThrows(SpawnException.class, () -> children.spawn("/nope/bin"));
        assertEquals("spawn /nope/bin: No such file or directory (cwd " + children.dir() + ")", e.getMessage());
        assertEquals(before, ProcessHandle.current().children().count(), "glibc reaped the failed child");
    }

    @Test
    void missingCommandNamesThePathSearched() {
        SpawnException e = assertThrows(SpawnException.class, () -> children.spawn("no-such-command-x"));
        assertEquals("No such file or directory: no-such-command-x (searched PATH=/usr/local/bin:/usr/bin:/bin)",
                e.getMessage());
    }

    @Test
    void missingCwdIsNamed() {
        SpawnException e = assertThrows(SpawnException.class, () -> children.spawn(new SpawnRequest(
                List.of("sleep", "1"), Children.env(), Path.of("/does/not/exist"), children.stdout(),
                children.stderr())));
        assertEquals("cwd /does/not/exist: No such file or directory", e.getMessage());
    }

    @Test
    void nonExecutableFileIsPermissionDeniedAndLeavesNoChild() throws Exception {
        Path script = children.dir().resolve("x.sh");
        Files.writeString(script, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        long before = ProcessHandle.current().children().count();

        SpawnException e = assertThrows(SpawnException.class, () -> children.spawn(script.toString()));
        assertEquals("spawn " + script + ": Permission denied (cwd " + children.dir() + ")", e.getMessage());
        assertEquals(before, ProcessHandle.current().children().count());
    }

    @Test
    void argumentsArePassedVerbatim() throws Exception {
        SpawnedChild child = children.spawn("printf", "%s|", "two words", "", "ünï$HOME");

        assertEquals(ExitStatus.exited(0), children.awaitExit(child));
        assertEquals("two words||ünï$HOME|", Files.readString(children.stdout(), StandardCharsets.UTF_8));
    }
}
