package wire.supervisor.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StampedCacheTest {
    /** Files written by the test are an hour old by this clock: their stamps can be trusted. */
    private static final InstantSource LATER = InstantSource.fixed(Instant.now().plus(Duration.ofHours(1)));

    @TempDir
    Path dir;

    private final AtomicInteger reads = new AtomicInteger();
    private final Function<Path, Optional<String>> read = p -> {
        reads.incrementAndGet();
        try {
            return Optional.of(Files.readString(p));
        } catch (IOException e) {
            return Optional.empty();
        }
    };

    @Test
    void aMissingFileIsAbsentWithoutBeingRead() {
        StampedCache<String> cache = new StampedCache<>(LATER);
        assertEquals(Optional.empty(), cache.get(dir.resolve("daemon.pid"), read));
        assertEquals(Optional.empty(), cache.get(dir.resolve("daemon.pid"), read));
        assertEquals(0, reads.get());
    }

    @Test
    void aForgottenFileIsReadAgainAndNoLongerKept() throws IOException {
        Path f = Files.writeString(dir.resolve("last_sync.json"), "one");
        StampedCache<String> cache = new StampedCache<>(LATER);
        cache.get(f, read);
        assertEquals(1, cache.size());
        cache.forget(f);
        assertEquals(0, cache.size());
        assertEquals(Optional.of("one"), cache.get(f, read));
        assertEquals(2, reads.get());
    }

    @Test
    void anUnchangedFileIsReadOnce() throws IOException {
        Path f = Files.writeString(dir.resolve("last_sync.json"), "one");
        StampedCache<String> cache = new StampedCache<>(LATER);
        assertEquals(Optional.of("one"), cache.get(f, read));
        assertEquals(Optional.of("one"), cache.get(f, read));
        assertEquals(1, reads.get());
    }

    @Test
    void aRewrittenFileIsReadAgain() throws IOException {
        Path f = Files.writeString(dir.resolve("last_sync.json"), "one");
        StampedCache<String> cache = new StampedCache<>(LATER);
        assertEquals(Optional.of("one"), cache.get(f, read));
        Files.writeString(f, "three");
        assertEquals(Optional.of("three"), cache.get(f, read));
    }

    @Test
    void aFileReplacedBySameSizeSameMtimeContentIsReadAgain() throws IOException {
        Path f = Files.writeString(dir.resolve("daemon.pid"), "{\"pid\":1}");
        FileTime mtime = Files.getLastModifiedTime(f);
        StampedCache<String> cache = new StampedCache<>(LATER);
        assertEquals(Optional.of("{\"pid\":1}"), cache.get(f, read));
        Path tmp = Files.writeString(dir.resolve("daemon.pid.tmp"), "{\"pid\":2}");
        Files.setLastModifiedTime(tmp, mtime);
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE); // a new inode
        assertEquals(Optional.of("{\"pid\":2}"), cache.get(f, read));
    }

    @Test
    void aFileRewrittenInPlaceWithinTheClockTickIsNotTrusted() throws IOException {
        // By the real clock the file was changed just now: its stamp may not show the next write.
        StampedCache<String> cache = new StampedCache<>(InstantSource.system());
        Path f = Files.writeString(dir.resolve("daemon.pid"), "{\"pid\":1}");
        FileTime mtime = Files.getLastModifiedTime(f);
        assertEquals(Optional.of("{\"pid\":1}"), cache.get(f, read));
        Files.writeString(f, "{\"pid\":2}"); // same inode, same size
        Files.setLastModifiedTime(f, mtime);
        assertEquals(Optional.of("{\"pid\":2}"), cache.get(f, read));
    }

    @Test
    void aDeletedFileIsAbsentAndARecreatedOneIsRead() throws IOException {
        Path f = Files.writeString(dir.resolve("last_sync.json"), "one");
        StampedCache<String> cache = new StampedCache<>(LATER);
        assertEquals(Optional.of("one"), cache.get(f, read));
        Files.delete(f);
        assertEquals(Optional.empty(), cache.get(f, read));
        Files.writeString(f, "one");
        assertEquals(Optional.of("one"), cache.get(f, read));
        assertEquals(2, reads.get());
    }

    @Test
    void aLinkMovedToAnotherFileIsSeenThrough() throws IOException {
        Path v1 = Files.writeString(dir.resolve("worker-1"), "binary one");
        Path v2 = Files.writeString(dir.resolve("worker-2"), "binary two");
        Path link = Files.createSymbolicLink(dir.resolve("worker"), v1);
        StampedCache<String> cache = new StampedCache<>(LATER);
        assertEquals(Optional.of("binary one"), cache.get(link, read));
        Files.delete(link);
        Files.createSymbolicLink(link, v2);
        assertEquals(Optional.of("binary two"), cache.get(link, read));
    }
}
