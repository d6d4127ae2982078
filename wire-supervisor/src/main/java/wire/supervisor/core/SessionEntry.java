package wire.supervisor.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import wire.protocol.ConfigProblem;
import wire.protocol.SessionSpec;

/**
 * One session as the registry scan found it on disk: the loop's input for {@code reload}.
 *
 * @param home the session's home, its {@code WIRE_HOME}
 * @param spec the parsed {@code session.json}, or null when it is invalid
 * @param configErrors every problem with the file (JSON path and message), empty when valid
 * @param eligible the idle filter's verdict (DESIGN.md, "Idle filter")
 * @param ineligibleReason why the filter skips the session, null when eligible
 */
public record SessionEntry(String name, Path home, SessionSpec spec, List<ConfigProblem> configErrors, boolean eligible,
        String ineligibleReason) {
    public SessionEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(home, "home");
        configErrors = configErrors == null ? List.of() : List.copyOf(configErrors);
        if (spec == null && configErrors.isEmpty()) {
            throw new IllegalArgumentException("session " + name + ": an entry without a spec must say why");
        }
    }

    /** A valid, eligible session. */
    public static SessionEntry valid(String name, Path home, SessionSpec spec) {
        return new SessionEntry(name, home, spec, List.of(), true, null);
    }
}
