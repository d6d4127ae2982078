package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/wire} finds a JDK of version 25 or newer, and says what it needs when there is none. */
class LauncherIT {
    private static final Path LAUNCHER = Path.of(System.getProperty("wire.launcher", "../bin/wire"));
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @Test
    void withoutAJdk25TheLauncherNamesTheRequirementAndWhatItFound(@TempDir Path emptyJvmDir) throws Exception {
        Assumptions.assumeTrue(pathJavaMajor() < 25, "the java on PATH is itself a JDK 25 here");
        Path old = emptyJvmDir.resolve("old-jdk");
        Files.createDirectories(old.resolve("bin"));
        Path fakeJava = old.resolve("bin/java");
        Files.writeString(fakeJava, "#!/bin/sh\necho '    java.specification.version = 17' >&2\n");
        fakeJava.toFile().setExecutable(true);
        Files.copy(fakeJava, old.resolve("bin/javac"));

        Result r = run(Map.of("JAVA_HOME", old.toString(), "WIRE_JVM_DIR", emptyJvmDir.resolve("none").toString(),
                "PATH", "/usr/bin:/bin"), "supervisor", "version");

        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("wire needs a JDK of version 25 or newer"), r.output());
        assertTrue(r.output().contains(old + " (java 17)"), r.output());
    }

    @Test
    void aJdk25FromJavaHomeRunsTheCli() throws Exception {
        Result r = run(Map.of("JAVA_HOME", JAVA_HOME.toString(), "PATH", "/usr/bin:/bin"), "--help");

        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("Usage: wire"), r.output());
    }

    private record Result(int exit, String output) {}

    /** The feature version of the java on the PATH the test gives the launcher; 0 when none. */
    private static int pathJavaMajor() throws Exception {
        for (String dir : new String[] {"/usr/bin", "/bin"}) {
            Path binary = Path.of(dir, "java");
            if (Files.isExecutable(binary)) {
                Process p = new ProcessBuilder(binary.toString(), "-XshowSettings:properties", "-version")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                p.waitFor();
                var m = java.util.regex.Pattern.compile("java\\.specification\\.version = (\\d+)").matcher(out);
                return m.find() ? Integer.parseInt(m.group(1)) : 0;
            }
        }
        return 0;
    }

    private static Result run(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add(LAUNCHER.toString());
        pb.command().addAll(java.util.List.of(args));
        pb.environment().clear();
        pb.environment().put("HOME", System.getProperty("user.home"));
        // No background AOT training run (bin/wire) competing with the rest of the test run.
        pb.environment().put("WIRE_AOT", "0");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/wire did not finish");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }
}
