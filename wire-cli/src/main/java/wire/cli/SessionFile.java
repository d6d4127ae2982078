package wire.cli;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import wire.protocol.ConfigProblem;
import wire.protocol.ParsedSpec;
import wire.protocol.SessionSpec;
import wire.protocol.SessionSpecParser;

/**
 * One session's {@code session.json} as read from disk, judged by the protocol's parser: the same
 * verdict the daemon reaches. A missing or unreadable file is a problem, never an exception.
 *
 * @param text the file's content, or null when it could not be read
 */
record SessionFile(String name, Path home, String text, ParsedSpec parsed) {
    static final String FILE = "session.json";

    static SessionFile read(String name, Path home) {
        Path file = home.resolve(FILE);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return invalid(name, home, null, "no " + FILE + " in " + home);
        } catch (MalformedInputException e) {
            return invalid(name, home, null, "not UTF-8 text");
        } catch (IOException e) {
            return invalid(name, home, null, "unreadable: " + e.getMessage());
        }
        return new SessionFile(name, home, text, SessionSpecParser.parse(text));
    }

    private static SessionFile invalid(String name, Path home, String text, String message) {
        return new SessionFile(name, home, text, new ParsedSpec.Invalid(List.of(new ConfigProblem(null, "$", message))));
    }

    Path path() {
        return home.resolve(FILE);
    }

    boolean valid() {
        return parsed instanceof ParsedSpec.Valid;
    }

    /** The spec, or null when the file is invalid. */
    SessionSpec spec() {
        return parsed instanceof ParsedSpec.Valid v ? v.spec() : null;
    }

    List<ConfigProblem> problems() {
        return parsed.problems();
    }
}
