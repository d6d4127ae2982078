package wire.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import wire.protocol.Json;
import wire.protocol.RpcException;

/**
 * What the supervision ITs share beyond {@link WireSandbox}: reading the state files a session
 * leaves, extra one-off helper scripts, CPU time of a process, and running {@code wire} as a
 * session's own process (with its {@code WIRE_HOME}).
 */
final class Supervision {

    private Supervision() {}

    static Path stateDir(Path home) {
        return home.resolve("state").resolve("wire");
    }

    /** A state file of the session parsed as JSON, or empty when absent or not JSON (yet). */
    static Optional<JsonNode> stateJson(Path home, String file) {
        try {
            return Optional.ofNullable(Json.mapper().readTree(Files.readString(stateDir(home).resolve(file))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String state(WireSandbox sandbox, String session) throws RpcException {
        return sandbox.status(session).path("state").asText();
    }

    /** The running child's pid, or -1. */
    static long pid(WireSandbox sandbox, String session) throws RpcException {
        JsonNode pid = sandbox.status(session).path("pid");
        return pid.isNull() || pid.isMissingNode() ? -1 : pid.asLong();
    }

    static long runningPid(WireSandbox sandbox, String session) throws RpcException {
        Awaits.await().until(() -> state(sandbox, session).equals("running"));
        return pid(sandbox, session);
    }

    /** Waits for the session to run a child other than {@code old}, and returns its pid. */
    static long newPid(WireSandbox sandbox, String session, long old) {
        long[] seen = {-1};
        Awaits.await().until(() -> {
            JsonNode st = sandbox.status(session); // one status: pid and state of the same moment
            seen[0] = st.path("pid").asLong(-1);
            return st.path("state").asText().equals("running") && seen[0] > 0 && seen[0] != old;
        });
        return seen[0];
    }

    /** Writes an executable shell script into the sandbox root (beside, not in, its helper dir). */
    static Path script(WireSandbox sandbox, String name, String body) {
        try {
            Path dir = Files.createDirectories(sandbox.root().resolve("scripts"));
            Path file = dir.resolve(name);
            Files.writeString(file, "#!/bin/sh\n" + body + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A session whose command is {@code argv}, with extra JSON members. */
    static Path session(WireSandbox sandbox, String name, List<String> argv, String extraJson) {
        StringBuilder json = new StringBuilder("{\"command\": [");
        for (int i = 0; i < argv.size(); i++) {
            json.append(i == 0 ? "" : ", ").append(Json.mapper().valueToTree(argv.get(i)).toString());
        }
        json.append("]");
        if (extraJson != null && !extraJson.isBlank()) {
            json.append(", ").append(extraJson);
        }
        return sandbox.writeSession(name, json.append("}").toString());
    }

    /** Lines of a file, or none while it does not exist. */
    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }



    /** Live processes carrying {@code WIRE_HOME=home} exactly. */
    static List<Long> liveWithHome(Path home) {
        return Procs.withWireHomeUnder(home).stream().filter(Procs::alive)
                .filter(p -> Procs.environ(p).orElse(List.of()).contains("WIRE_HOME=" + home)).toList();
    }

    /**
     * Runs {@code wire ARGS} as a process of session {@code home}: the sandbox's environment plus
     * {@code WIRE_HOME}, as a user starting the session's daemon by hand would.
     */
    static Process wireInHome(WireSandbox sandbox, Path home, List<String> args, Path output) {
        return sandbox.launch(args, output, Map.of("WIRE_HOME", home.toString()));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
