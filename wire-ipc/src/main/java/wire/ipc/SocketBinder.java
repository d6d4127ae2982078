package wire.ipc;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Puts a listening socket at a path safely (PROTOCOL.md, Transport):
 *
 * <ul>
 *   <li>missing parent directories are created {@code 0700}, set explicitly so the umask has
 *       no say;
 *   <li>an existing socket that accepts a connection is live and is left alone
 *       ({@link SocketInUseException}); one that refuses is stale and is replaced;
 *   <li>the socket is bound under a temporary name in the same directory, made {@code 0600},
 *       then renamed onto the path, so the path never shows a socket with wider permissions.
 * </ul>
 *
 * The file key (device and inode) of the bound file identifies it later, to tell whether the
 * file at the path is still ours.
 */
final class SocketBinder {
    private static final Set<PosixFilePermission> SOCKET_MODE = PosixFilePermissions.fromString("rw-------");
    /**
     * Connections waiting for the accept loop. A burst of clients connecting at once (a script
     * that fans out, 200 benchmark clients) waits here; when it is full a client's connect fails
     * with EAGAIN, which 128 did for 200 clients on a busy machine (FramingIT). The kernel caps it
     * at {@code net.core.somaxconn} (4096 by default), and a pending connection costs only while
     * it waits.
     */
    private static final int BACKLOG = 1024;

    /** A listening channel and the identity of its file. */
    record Bound(ServerSocketChannel channel, Object fileKey) {
        Bound {
            Objects.requireNonNull(channel, "channel");
        }
    }

    private SocketBinder() {}

    static Bound bind(Path socket) throws IOException {
        Path parent = socket.toAbsolutePath().getParent();
        WirePaths.createPrivateDirectories(parent);
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            requireStale(socket);
        }
        Path temp = parent.resolve(".wire-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".sock");
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            if (WirePaths.fits(temp)) {
                channel.bind(UnixDomainSocketAddress.of(temp), BACKLOG);
                try {
                    Files.setPosixFilePermissions(temp, SOCKET_MODE);
                    // rename(2): atomic, and it replaces a stale socket in the same step.
                    Files.move(temp, socket, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    Files.deleteIfExists(temp);
                    throw e;
                }
            } else {
                // No room for a longer temporary name: bind in place. The 0700 directory still
                // keeps others out for the moment before the chmod.
                Files.deleteIfExists(socket);
                channel.bind(UnixDomainSocketAddress.of(socket), BACKLOG);
                Files.setPosixFilePermissions(socket, SOCKET_MODE);
            }
            return new Bound(channel, fileKey(socket));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** True when the file at {@code socket} is still the one {@code bound} created. */
    static boolean isIntact(Path socket, Bound bound) {
        try {
            Object key = fileKey(socket);
            return key != null && key.equals(bound.fileKey());
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the socket file, but only when it is still ours; a successor's is left alone. */
    static void unlinkIfOurs(Path socket, Bound bound) throws IOException {
        if (isIntact(socket, bound)) {
            Files.deleteIfExists(socket);
        }
    }

    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static void requireStale(Path socket) throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(socket, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return;
        }
        if (!attributes.isOther()) {
            throw new FileAlreadyExistsException(socket.toString(), null, "exists and is not a socket; not replacing it");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
        } catch (ConnectException refused) {
            return;
        }
        throw new SocketInUseException(socket);
    }
}
