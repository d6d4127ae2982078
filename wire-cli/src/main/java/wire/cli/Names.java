package wire.cli;

import java.util.Optional;
import wire.protocol.SessionName;

/** The protocol's session-name rule applied to command-line input: a bad name is a usage error. */
final class Names {
    private Names() {}

    static String require(String name) throws CliFailure {
        Optional<String> problem = SessionName.validate(name);
        if (problem.isPresent()) {
            throw CliFailure.usage(problem.get());
        }
        return name;
    }
}
