package wire.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WirePathsTest {

    /** A root of exactly {@code length} bytes, so its socket path is {@code length + 16}. */
    private static String rootOfLength(int length) {
        return "/" + "r".repeat(length - 1);
    }

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    static java.util.stream.Stream<Arguments> roots() {
        return java.util.stream.Stream.of(
                Arguments.of(env("WIRE_ROOT", "/w", "XDG_STATE_HOME", "/x", "HOME", "/h"), "/w"),
                Arguments.of(env("WIRE_ROOT", "", "XDG_STATE_HOME", "/x", "HOME", "/h"), "/x/wire"),
                Arguments.of(env("XDG_STATE_HOME", "/x", "HOME", "/h"), "/x/wire"),
                Arguments.of(env("XDG_STATE_HOME", "", "HOME", "/h"), "/h/.local/state/wire"),
                Arguments.of(env("XDG_STATE_HOME", "relative/state", "HOME", "/h"), "/h/.local/state/wire"),
                Arguments.of(env("HOME", "/h"), "/h/.local/state/wire"),
                Arguments.of(env("WIRE_ROOT", "/w/./a//b/", "HOME", "/h"), "/w/a/b"));
    }

    @ParameterizedTest
    @MethodSource("roots")
    void rootFollowsTheFirstSetVariable(Map<String, String> env, String expected) {
        assertEquals(Path.of(expected), WirePaths.root(env));
    }

    @Test
    void rootWithoutAnyVariableIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WirePaths.root(env("HOME", "")));
        assertTrue(e.getMessage().contains("WIRE_ROOT"), e.getMessage());
    }

    static java.util.stream.Stream<Arguments> sockets() {
        String fits = rootOfLength(107 - "/supervisor.sock".length());
        String tooLong = rootOfLength(108 - "/supervisor.sock".length());
        String hashOfTooLong = WirePaths.shortHash(tooLong);
        return java.util.stream.Stream.of(
                Arguments.of(env("WIRE_SOCKET", "/s/x.sock", "WIRE_ROOT", "/w"), "/s/x.sock"),
                Arguments.of(env("WIRE_SOCKET", "", "WIRE_ROOT", "/w"), "/w/supervisor.sock"),
                Arguments.of(env("HOME", "/h"), "/h/.local/state/wire/supervisor.sock"),
                Arguments.of(env("WIRE_ROOT", fits), fits + "/supervisor.sock"),
                Arguments.of(env("WIRE_ROOT", tooLong, "XDG_RUNTIME_DIR", "/run/user/1000"),
                        "/run/user/1000/wire-" + hashOfTooLong + ".sock"),
                Arguments.of(env("WIRE_ROOT", tooLong, "XDG_RUNTIME_DIR", ""), "/tmp/wire-" + hashOfTooLong + ".sock"),
                Arguments.of(env("WIRE_ROOT", tooLong), "/tmp/wire-" + hashOfTooLong + ".sock"));
    }

    @ParameterizedTest
    @MethodSource("sockets")
    void socketFollowsProtocolTransportRules(Map<String, String> env, String expected) {
        assertEquals(Path.of(expected), WirePaths.socket(env));
    }

    @Test
    void socketLimitCountsUtf8BytesNotCharacters() {
        // 'é' is two bytes: 46 of them make 92 bytes of name, 93 with the slash, 109 with the socket name.
        String root = "/" + "é".repeat(46);
        Path socket = WirePaths.socket(env("WIRE_ROOT", root));
        assertEquals(Path.of("/tmp/wire-" + WirePaths.shortHash(root) + ".sock"), socket);
    }

    @Test
    void shortHashIsTheFirstTwelveHexOfSha256() {
        // Both computed independently: printf '/w' | sha256sum, and the FIPS 180-2 "abc" vector.
        assertEquals("d1bb8ca35467", WirePaths.shortHash("/w"));
        assertEquals("ba7816bf8f01", WirePaths.shortHash("abc"));
    }
}
