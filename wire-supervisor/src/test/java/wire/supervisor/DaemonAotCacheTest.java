package wire.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the supervisor's AOT cache is used: only for the jar and JDK it was made from. */
class DaemonAotCacheTest {
    private static final String JDK = "/usr/lib/jvm/some-jdk-25";
    private static final Instant BUILT = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aCacheBelongsNextToItsJarUnderTheJarsName() {
        assertEquals(dir.resolve("wire-daemon.aot"), DaemonAotCache.cacheFor(dir.resolve("wire.jar")));
    }

    @Test
    void onlyAClassPathOfOneJarHasACache() {
        assertEquals(Optional.of(dir.resolve("wire.jar")), DaemonAotCache.jarOf(dir.resolve("wire.jar").toString()));
        assertEquals(Optional.empty(), DaemonAotCache.jarOf(dir.resolve("classes").toString()));
        assertEquals(Optional.empty(), DaemonAotCache.jarOf(dir.resolve("a.jar") + ":" + dir.resolve("b.jar")));
    }

    @Test
    void aCacheIsUsableWhenNotOlderThanTheJarAndMadeByThisJdk() throws IOException {
        Path jar = file("wire.jar", "jar", BUILT);
        Path cache = file("wire-daemon.aot", "cache", BUILT.plusSeconds(5));
        file("wire-daemon.aot.jdk", JDK + "\n", BUILT.plusSeconds(5));
        assertEquals(Optional.of(cache), DaemonAotCache.usable(jar, JDK));
    }

    @Test
    void aCacheOlderThanTheJarFromAnotherJdkEmptyOrWithoutItsJdkFileIsNot() throws IOException {
        Path jar = file("wire.jar", "jar", BUILT);
        Path cache = file("wire-daemon.aot", "cache", BUILT.minusSeconds(5));
        Path jdk = file("wire-daemon.aot.jdk", JDK + "\n", BUILT);
        assertEquals(Optional.empty(), DaemonAotCache.usable(jar, JDK), "older than the jar");

        Files.setLastModifiedTime(cache, FileTime.from(BUILT.plusSeconds(5)));
        assertEquals(Optional.empty(), DaemonAotCache.usable(jar, "/usr/lib/jvm/another-jdk"), "another JDK");

        Files.delete(jdk);
        assertEquals(Optional.empty(), DaemonAotCache.usable(jar, JDK), "no record of its JDK");

        file("wire-daemon.aot.jdk", JDK + "\n", BUILT);
        file("wire-daemon.aot", "", BUILT.plusSeconds(5));
        assertEquals(Optional.empty(), DaemonAotCache.usable(jar, JDK), "empty");
    }

    @Test
    void shellQuotingSurvivesQuotesAndSpaces() {
        assertEquals("'/a b/it'\\''s'", DaemonAotCache.quote("/a b/it's"));
    }

    private Path file(String name, String content, Instant modified) throws IOException {
        Path p = Files.writeString(dir.resolve(name), content);
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return p;
    }
}
