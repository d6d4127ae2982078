package wire.supervisor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The one-daemon-per-root guarantee: an OS file lock on {@code WIRE_ROOT/supervisor.lock}, held
 * for the daemon's whole life. The kernel drops it when the process dies however it dies, so a
 * crashed daemon never blocks the next one; {@code supervisor.pid} is only informational.
 * The lock file itself is never deleted: deleting it would let two daemons lock two different
 * inodes under the same name.
 */
public final class SupervisorLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private SupervisorLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another live process holds it. */
    public static Optional<SupervisorLock> tryAcquire(Path root) throws IOException {
        FileChannel channel = FileChannel.open(root.resolve("supervisor.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new SupervisorLock(channel, lock));
        } catch (OverlappingFileLockException e) {
            // This JVM already holds it (a test running two daemons in one process).
            channel.close();
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
