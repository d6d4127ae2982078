package wire.ipc;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Objects;

/**
 * Who may talk to the daemon: a peer whose uid (SO_PEERCRED) is the daemon's own or 0
 * (PROTOCOL.md, Transport).
 *
 * <p>The JDK has no {@code geteuid()}, and {@code user.name} can be ambiguous, so the daemon's
 * own identity is taken from the owner of the socket file it has just created: the kernel
 * stamps a new file with the creating process's (filesystem) uid. Root is the principal for
 * uid 0, looked up by number. {@code jdk.net.UnixDomainPrincipal.user()} and these principals
 * are equal exactly when their uids are, so the check is a uid comparison without a name lookup
 * being trusted.
 */
final class PeerPolicy {
    private final UserPrincipal self;
    private final UserPrincipal root;

    PeerPolicy(UserPrincipal self, UserPrincipal root) {
        this.self = Objects.requireNonNull(self, "self");
        this.root = Objects.requireNonNull(root, "root");
    }

    /** The policy for the process that created {@code ownFile}. */
    static PeerPolicy ownerOf(Path ownFile) throws IOException {
        return new PeerPolicy(Files.getOwner(ownFile, LinkOption.NOFOLLOW_LINKS), principal(0));
    }

    /** The user with this uid; the JDK falls back to the number when no name matches it. */
    static UserPrincipal principal(int uid) throws IOException {
        return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(Integer.toString(uid));
    }

    boolean allows(UserPrincipal peer) {
        return self.equals(peer) || root.equals(peer);
    }

    UserPrincipal self() {
        return self;
    }

    /**
     * "uid 65534 (nobody)" for the log. The principal shows only the name, so the uid comes from
     * {@code /etc/passwd} when the name is found there; a name the system could not resolve is
     * the number itself.
     */
    static String describe(UserPrincipal user) {
        String name = user.getName();
        if (name.chars().allMatch(Character::isDigit)) {
            return "uid " + name;
        }
        String uid = uidFromPasswd(name);
        return uid != null ? "uid " + uid + " (" + name + ")" : "user " + name;
    }

    private static String uidFromPasswd(String name) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/etc/passwd"));
            for (String line : lines) {
                String[] fields = line.split(":", -1);
                if (fields.length > 2 && fields[0].equals(name)) {
                    return fields[2];
                }
            }
        } catch (IOException | RuntimeException e) {
            // The name alone still identifies the peer.
        }
        return null;
    }
}
