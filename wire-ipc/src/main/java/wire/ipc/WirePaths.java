package wire.ipc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Where wire keeps its state and where the supervisor's socket lives (DESIGN.md "Paths",
 * PROTOCOL.md "Transport"). The CLI, the daemon and outside clients must agree on the socket
 * path without talking to each other, so both functions depend on the environment alone; pass
 * {@code System.getenv()} in production and a map in tests. An empty variable counts as unset.
 */
public final class WirePaths {
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    /** {@code sun_path} holds 108 bytes on Linux, one of which is the terminating NUL. */
    public static final int MAX_SOCKET_PATH_BYTES = 107;

    private static final String SOCKET_NAME = "supervisor.sock";

    private WirePaths() {}

    /**
     * {@code $WIRE_ROOT}, else {@code ${XDG_STATE_HOME:-$HOME/.local/state}/wire}. A relative
     * {@code WIRE_ROOT} is taken against the working directory; a relative
     * {@code XDG_STATE_HOME} is ignored, as the XDG base directory specification asks.
     *
     * @throws IllegalStateException when neither variable nor {@code HOME} is set
     */
    public static Path root(Map<String, String> env) {
        String root = get(env, "WIRE_ROOT");
        if (root != null) {
            return Path.of(root).toAbsolutePath().normalize();
        }
        String state = get(env, "XDG_STATE_HOME");
        if (state != null && Path.of(state).isAbsolute()) {
            return Path.of(state, "wire").normalize();
        }
        String home = get(env, "HOME");
        if (home == null) {
            throw new IllegalStateException("cannot place WIRE_ROOT: none of WIRE_ROOT, XDG_STATE_HOME, HOME is set");
        }
        return Path.of(home, ".local", "state", "wire").toAbsolutePath().normalize();
    }

    /**
     * The supervisor socket, first match wins: {@code $WIRE_SOCKET}; {@code <root>/supervisor.sock}
     * when its UTF-8 form fits in {@value #MAX_SOCKET_PATH_BYTES} bytes; else
     * {@code wire-<first 12 hex of sha256(root)>.sock} in {@code $XDG_RUNTIME_DIR}, or in
     * {@code /tmp} without it. The hash is taken over the UTF-8 bytes of the root as
     * {@link #root} resolves it.
     */
    public static Path socket(Map<String, String> env) {
        String explicit = get(env, "WIRE_SOCKET");
        if (explicit != null) {
            return Path.of(explicit);
        }
        Path root = root(env);
        Path inRoot = root.resolve(SOCKET_NAME);
        if (fits(inRoot)) {
            return inRoot;
        }
        String runtime = get(env, "XDG_RUNTIME_DIR");
        return Path.of(runtime != null ? runtime : "/tmp", "wire-" + shortHash(root.toString()) + ".sock");
    }

    static boolean fits(Path socket) {
        return socket.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH_BYTES;
    }

    static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    private static String get(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * Creates each missing directory down to {@code dir} with mode 0700, whatever the umask
     * (PROTOCOL.md, Transport: a directory wire creates for the socket or the root is private).
     * Existing directories are left as they are.
     */
    public static void createPrivateDirectories(Path dir) throws IOException {
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        createPrivateDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
        } catch (FileAlreadyExistsException raced) {
            if (Files.isDirectory(dir)) {
                return;
            }
            throw raced;
        }
        // The umask may have taken bits from the mode asked for above; set it outright.
        Files.setPosixFilePermissions(dir, PRIVATE_DIR);
    }
}
