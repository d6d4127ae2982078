package wire.protocol;

import java.util.List;
import java.util.Objects;

/** A session whose {@code session.json} a reload could not accept, with every problem in it. */
public record InvalidSession(String session, List<ConfigProblem> errors) {
    public InvalidSession {
        Objects.requireNonNull(session, "session");
        errors = List.copyOf(errors);
    }
}
