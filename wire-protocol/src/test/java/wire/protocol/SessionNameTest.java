package wire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "api", "my-app", "my_app", "v1.2", "a..b", "a-", "9lives"})
    void validNamesPass(String name) {
        assertEquals(Optional.empty(), SessionName.validate(name));
        assertTrue(SessionName.isValid(name));
    }

    @Test
    void sixtyThreeCharactersIsTheLongestValidName() {
        assertTrue(SessionName.isValid("a".repeat(63)));
    }

    /** Each bad name and a fragment its message must contain. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''           | is empty
            .            | names a directory
            ..           | names a directory
            ../x         | contains '/'
            a/b          | contains '/'
            /abs         | contains '/'
            A            | uppercase 'A'
            Api          | try "api"
            -a           | must start with a lowercase letter or a digit, not '-'
            .hidden      | must start with a lowercase letter or a digit, not '.'
            _x           | not '_'
            a b          | contains ' ' (U+0020)
            a+b          | contains '+'
            ａpi          | non-ASCII character 'ａ' (U+FF41), a look-alike of 'a'
            café         | non-ASCII character 'é' (U+00E9)
            """)
    void badNamesAreRefusedNamingTheProblem(String name, String fragment) {
        String message = SessionName.validate(name).orElseThrow();
        assertTrue(message.contains(fragment), message);
    }

    @Test
    void sixtyFourCharactersIsTooLongAndSaysTheLength() {
        String message = SessionName.validate("a".repeat(64)).orElseThrow();
        assertTrue(message.contains("64 characters"), message);
        assertTrue(message.contains("at most 63"), message);
    }

    @Test
    void nulIsRefusedAndEscapedInTheMessage() {
        String message = SessionName.validate("a\u0000b").orElseThrow();
        assertTrue(message.contains("NUL"), message);
        assertTrue(message.contains("a\\u0000b"), message);
        assertTrue(message.chars().noneMatch(c -> c == 0), "message must not carry the raw NUL");
    }

    @Test
    void nullIsMissing() {
        assertTrue(SessionName.validate(null).orElseThrow().contains("missing"));
    }

    @Test
    void requireReturnsAValidName() throws RpcException {
        assertEquals("api", SessionName.require("api"));
    }

    @Test
    void requireThrowsInvalidSessionNameWithTheSessionInData() {
        RpcException e = assertThrows(RpcException.class, () -> SessionName.require("../x"));
        assertEquals(-32006, e.code());
        assertEquals(ErrorCode.INVALID_SESSION_NAME.code(), e.code());
        assertEquals("../x", e.data().get("session").asText());
        assertTrue(e.getMessage().contains("'/'"), e.getMessage());
    }

    @Test
    void everyShortNameIsJudgedAsTheRuleSaysAndEveryRefusalSaysWhy() {
        // Every string of up to three characters from an alphabet of each kind the rule treats apart.
        char[] alphabet = {'a', 'z', '0', '9', '.', '_', '-', 'A', '/', '\0', ' ', '\u00e9', '\u0430', '"'};
        Pattern rule = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
        List<String> names = new ArrayList<>(List.of(""));
        for (int length = 1, from = 0; length <= 3; length++) {
            int to = names.size();
            for (int i = from; i < to; i++) {
                for (char c : alphabet) {
                    names.add(names.get(i) + c);
                }
            }
            from = to;
        }
        names.add("a".repeat(63));
        names.add("a".repeat(64));
        for (String name : names) {
            Optional<String> problem = SessionName.validate(name);
            assertEquals(rule.matcher(name).matches(), problem.isEmpty(), () -> "for " + SessionName.quote(name));
            problem.ifPresent(p -> assertTrue(p.startsWith("session name"), p));
        }
    }
}
