package wire.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import wire.protocol.Json;
import wire.supervisor.core.AtomicFiles;

/**
 * The files of {@code wire demo}: a root of its own (never the user's real one) holding sessions
 * that show what wire does. All of them are bound to the root directory, so the idle filter
 * starts them at once.
 */
final class DemoSandbox {
    /** Marks a directory as made by the demo, so {@code --stop} never deletes anything else. */
    static final String MARKER = ".wire-demo";

    /** Session name → command; a null command runs the built-in {@code wire daemon}. */
    static final Map<String, List<String>> SESSIONS = sessions();

    private final Path root;

    DemoSandbox(Path root) {
        this.root = root;
    }

    /** {@code $WIRE_DEMO_ROOT}, else {@code /tmp/wire-demo-<user>}: short enough for the socket path. */
    static Path rootFor(Map<String, String> env) {
        String explicit = env.get("WIRE_DEMO_ROOT");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String user = env.getOrDefault("USER", System.getProperty("user.name", "user"));
        return Path.of(System.getProperty("java.io.tmpdir"), "wire-demo-" + user.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    Path root() {
        return root;
    }

    boolean isDemo() {
        return Files.exists(root.resolve(MARKER));
    }

    /** Writes every demo session that is not there yet; leaves existing ones as they are. */
    void create() throws IOException {
        Files.createDirectories(root.resolve("sessions"));
        Files.writeString(root.resolve(MARKER), "made by wire demo; removed by wire demo --stop\n");
        for (Map.Entry<String, List<String>> s : SESSIONS.entrySet()) {
            Path file = root.resolve("sessions").resolve(s.getKey()).resolve("session.json");
            if (Files.exists(file)) {
                continue;
            }
            var spec = Json.mapper().createObjectNode();
            if (s.getValue() != null) {
                var argv = spec.putArray("command");
                s.getValue().forEach(argv::add);
            }
            spec.put("cwd", root.toString());
            if (s.getKey().equals("crashy")) {
                spec.put("max_restarts", 100);
            }
            AtomicFiles.write(file, (Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(spec) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Deletes the sandbox; refuses a directory the demo did not make. The supervisor that was just
     * asked to shut down may still be removing its own files (its pidfile, its socket) while the
     * tree is walked, so a walk that finds an entry gone, or a directory refilled, starts again.
     */
    void delete() throws IOException {
        if (!isDemo()) {
            throw new IOException(root + " was not made by wire demo (no " + MARKER + "); not deleting it");
        }
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                return;
            } catch (IOException | UncheckedIOException e) {
                Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
                boolean raced = cause instanceof NoSuchFileException || cause instanceof DirectoryNotEmptyException;
                if (!raced || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static Map<String, List<String>> sessions() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("worker", List.of("/bin/sh", "-c", "while :; do echo \"worker: tick $(date +%T)\"; sleep 5; done"));
        m.put("crashy", List.of("/bin/sh", "-c", "echo 'crashy: cannot reach the database' >&2; exit 1"));
        m.put("chatty", List.of("/bin/sh", "-c",
                "i=0; while :; do i=$((i+1)); echo \"chatty: line $i\"; sleep 0.2; done"));
        m.put("keeper", null);
        return m;
    }
}
