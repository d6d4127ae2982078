package wire.supervisor.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What was derived from a file (its decoded content, its fingerprint), kept until the file's stamp
 * changes: device and inode, size and mtime, from one {@code stat} that follows links. A status
 * reads two per-session files and fingerprints the child's executable every time it is asked;
 * with this, an unchanged file costs one {@code stat} instead of an open, a read and a parse (or a
 * fingerprint's {@code realpath} and {@code stat} through an attribute map), and a missing one a
 * failed {@code access} instead of a failed open and a {@code NoSuchFileException}.
 *
 * <p>A file written twice within one tick of the file system's clock can keep the same stamp,
 * with another content. As git does with its "racily clean" index entries, a value read from a
 * file whose mtime is less than {@link #RACY} before the read (or in the future) is not kept: it
 * is read again next time, until the file has been left alone long enough for its stamp to be
 * trusted. Not seen: a rewrite in place to the same size whose writer then sets the old mtime
 * back (the executable's fingerprint, {@code realpath|size|mtime|dev:inode}, never saw that either).
 *
 * <p>Thread-safe. A value is derived after its stamp was taken, so a change during the derivation
 * shows up as a new stamp at the next call, never as a kept stale value.
 */
public final class StampedCache<V> {
    /** Far longer than any file system's timestamp granularity (a jiffy, 1 s, 2 s on FAT). */
    public static final Duration RACY = Duration.ofSeconds(3);

    /** {@code fileKey} is the device and inode ({@code UnixFileKey}, compared by value). */
    private record Stamp(Object fileKey, long size, FileTime mtime) {}

    private record Entry<V>(Stamp stamp, Optional<V> value) {}

    private final Map<Path, Entry<V>> entries = new ConcurrentHashMap<>();
    private final InstantSource clock;

    /** @param clock real time: a file's mtime is compared with it */
    public StampedCache(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * What {@code derive} gives for the file at {@code path}: from the cache when its stamp is the
     * one {@code derive} last ran on, empty without calling it when there is no such file.
     */
    public Optional<V> get(Path path, Function<Path, Optional<V>> derive) {
        Entry<V> e = entries.get(path);
        // A file there last time is looked at directly (one stat); otherwise asked first whether it
        // exists at all, which a file the child never writes answers without an exception.
        if (e == null && !Files.exists(path)) {
            return Optional.empty();
        }
        Stamp stamp;
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            stamp = new Stamp(a.fileKey(), a.size(), a.lastModifiedTime());
        } catch (NoSuchFileException gone) {
            entries.remove(path);
            return Optional.empty();
        } catch (IOException | RuntimeException e2) { // unreadable: derived every time, as without a cache
            entries.remove(path);
            return derive.apply(path);
        }
        if (e != null && e.stamp().equals(stamp) && stamp.fileKey() != null) {
            return e.value();
        }
        Optional<V> value = derive.apply(path);
        if (stamp.fileKey() != null && clock.instant().minus(RACY).isAfter(stamp.mtime().toInstant())) {
            entries.put(path, new Entry<>(stamp, value));
        } else {
            entries.remove(path); // racily fresh (or no inode to tell a replaced file by): derived again next time
        }
        return value;
    }

    /** Drops what is kept for {@code path}: the file's owner is gone, and nothing would ask again. */
    public void forget(Path path) {
        entries.remove(path);
    }

    /** How many files have a kept value (for tests and diagnostics). */
    public int size() {
        return entries.size();
    }
}
