package wire.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code sessions/} directory under a root: where each session's home is. */
record SessionHomes(Path root) {
    Path dir() {
        return root.resolve("sessions");
    }

    Path home(String name) {
        return dir().resolve(name);
    }

    /**
     * Names of the session homes, sorted; dot entries ({@code .removed}, temp files) are not
     * sessions. A missing {@code sessions/} is simply no sessions.
     */
    List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir())) {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir(), Files::isDirectory)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".")) {
                    names.add(name);
                }
            }
        }
        names.sort(null);
        return names;
    }
}
