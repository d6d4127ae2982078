package wire.supervisor.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What was derived from a file (its decoded content, its fingerprint), kept until the file's stamp
 * changes: device, inode, size, mtime and ctime, from a {@code stat} that follows links. A status
 * reads two per-session files and fingerprints the child's executable every time it is asked;
 * with this, an unchanged file costs two {@code stat}s instead of an open, a read and a parse (or
 * a fingerprint's {@code realpath} and {@code stat}), and a missing one a failed {@code stat}
 * instead of a failed open and a {@code NoSuchFileException}.
 *
 * <p>A file written twice within one tick of the file system's clock can keep the same stamp,
 * with another content. As git does with its "racily clean" index entries, a value read from a
 * file whose ctime is less than {@link #RACY} before the read is not kept: it is read again next
 * time, until the file has been left alone long enough for its stamp to be trusted.
 *
 * <p>Thread-safe. A value is derived after its stamp was taken, so a change during the derivation
 * shows up as a new stamp at the next call, never as a kept stale value.
 */
public final class StampedCache<V> {
    /** Far longer than any file system's timestamp granularity (a jiffy, 1 s, 2 s on FAT). */
    public static final Duration RACY = Duration.ofSeconds(3);

    private record Stamp(Object fileKey, long size, long mtimeNanos, long ctimeNanos) {}

    private record Entry<V>(Stamp stamp, Optional<V> value) {}

    private final Map<Path, Entry<V>> entries = new ConcurrentHashMap<>();
    private final InstantSource clock;

    /** @param clock real time: a file's ctime is compared with it */
    public StampedCache(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * What {@code derive} gives for the file at {@code path}: from the cache when its stamp is the
     * one {@code derive} last ran on, empty without calling it when there is no such file.
     */
    public Optional<V> get(Path path, Function<Path, Optional<V>> derive) {
        if (!Files.exists(path)) { // no exception for the common case: a file the child never writes
            entries.remove(path);
            return Optional.empty();
        }
        Stamp stamp = stamp(path);
        if (stamp == null) { // gone meanwhile, or a file system without the unix view: no caching
            entries.remove(path);
            return derive.apply(path);
        }
        Entry<V> e = entries.get(path);
        if (e != null && e.stamp().equals(stamp)) {
            return e.value();
        }
        Optional<V> value = derive.apply(path);
        if (clock.instant().minus(RACY).isAfter(Instant.ofEpochSecond(0, stamp.ctimeNanos()))) {
            entries.put(path, new Entry<>(stamp, value));
        } else {
            entries.remove(path); // racily fresh: derived again next time
        }
        return value;
    }

    /** The file's stamp, null when it cannot be looked at. */
    private static Stamp stamp(Path path) {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime,ctime");
            return new Stamp(a.get("dev") + ":" + a.get("ino"), (Long) a.get("size"),
                    nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }
}
