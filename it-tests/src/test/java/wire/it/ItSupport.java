package wire.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Small helpers shared by the protocol, CLI and bad-input ITs: JSON lines, request text, and
 * starting wire processes the sandbox cannot (another umask, another root).
 */
final class ItSupport {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** What a Java stack trace looks like when it leaks: "at wire.x.Y.method(Y.java:12)". */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\)|Exception\\b|\\.java:\\d+|\\tat ");

    private ItSupport() {}

    static JsonNode json(String text) {
        assertNotNull(text, "expected a line, got end of stream");
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** The next line from the daemon, parsed, after checking it leaks no stack trace. */
    static JsonNode reply(RawClient client) throws IOException {
        String line = client.readLine();
        assertNotNull(line, "the daemon closed the connection instead of replying");
        assertNoStackTrace(line);
        return json(line);
    }

    /**
     * The next response, passing over notifications: a stream opened by an earlier request (a
     * {@code logs} tail, say) may deliver its notifications after later responses.
     */
    static JsonNode response(RawClient client) throws IOException {
        while (true) {
            JsonNode message = reply(client);
            if (!message.has("method")) {
                return message;
            }
        }
    }

    static void assertNoStackTrace(String line) {
        assertFalse(STACK_TRACE.matcher(line).find(), () -> "stack trace text on the wire: " + line);
    }

    static String request(Object id, String method) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + idText(id) + ",\"method\":\"" + method + "\"}\n";
    }

    static String request(Object id, String method, String paramsJson) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + idText(id) + ",\"method\":\"" + method + "\",\"params\":" + paramsJson
                + "}\n";
    }

    static String notification(String method, String paramsJson) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\""
                + (paramsJson == null ? "" : ",\"params\":" + paramsJson) + "}\n";
    }

    private static String idText(Object id) {
        return id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
    }

    /** A session that never starts by itself and is bound (so the idle filter does not mark it). */
    static void quietSession(WireSandbox sandbox, String name) {
        sandbox.helperSession(name, "sleeper.sh", "\"cwd\": \"/tmp\", \"autostart\": false");
    }

    /** Starts {@code wire ARGS} through {@code sh} with the given umask and environment overrides. */
    static Process launch(WireSandbox sandbox, String umask, Map<String, String> env, List<String> args, Path output) {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "umask " + umask + "; exec \"$@\"", "sh"));
        cmd.addAll(sandbox.wireCommand(args));
        return sandbox.start(cmd, env, output, output);
    }

    /** Waits until a {@code version} request on {@code socket} is answered. */
    static void awaitAnswering(Process daemon, Path socket, Path output) {
        Awaits.await().until(() -> {
            if (!daemon.isAlive()) {
                throw new AssertionError("daemon exited with " + daemon.exitValue() + ": "
                        + java.nio.file.Files.readString(output));
            }
            try (RawClient c = new RawClient(socket)) {
                c.send(request(0, "version"));
                return c.readLine() != null;
            }
        });
    }
}
