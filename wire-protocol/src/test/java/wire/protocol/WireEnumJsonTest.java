package wire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class WireEnumJsonTest {

    static Stream<WireEnum> everyConstant() {
        return Stream.of(SessionState.values(), Desired.values(), Owner.values(), RestartPolicy.values(),
                        StopSignal.values(), LogStream.values(), LogEnd.Reason.values(),
                        SubscriptionEnd.Reason.values())
                .flatMap(Stream::of);
    }

    @ParameterizedTest
    @MethodSource("everyConstant")
    void everyConstantRoundTripsThroughItsWireWord(WireEnum constant) throws Exception {
        String json = Json.mapper().writeValueAsString(constant);
        assertEquals("\"" + constant.wire() + "\"", json);
        assertEquals(constant, Json.mapper().readValue(json, constant.getClass()));
    }

    @Test
    void wireWordsAreNotJavaNames() throws Exception {
        assertEquals("\"on-failure\"", Json.mapper().writeValueAsString(RestartPolicy.ON_FAILURE));
        assertEquals(RestartPolicy.ON_FAILURE, Json.mapper().readValue("\"on-failure\"", RestartPolicy.class));
        assertThrows(InvalidFormatException.class,
                () -> Json.mapper().readValue("\"ON_FAILURE\"", RestartPolicy.class));
    }

    @Test
    void unknownWordFailsNamingTheAcceptedWords() {
        var e = assertThrows(InvalidFormatException.class,
                () -> Json.mapper().readValue("\"sometimes\"", RestartPolicy.class));
        assertTrue(e.getMessage().contains("sometimes"), e.getMessage());
        assertTrue(e.getMessage().contains("[always, on-failure, never]"), e.getMessage());
    }

    @Test
    void nonStringFailsForAnEnum() {
        var e = assertThrows(MismatchedInputException.class, () -> Json.mapper().readValue("3", SessionState.class));
        assertTrue(e.getMessage().contains("stopped"), e.getMessage());
    }

    @Test
    void enumInsideARecordReadsFromItsWord() throws Exception {
        record Holder(Owner owner, List<Desired> desired) {}
        Holder h = Json.mapper().readValue("{\"owner\":\"adopted\",\"desired\":[\"up\",\"down\"]}", Holder.class);
        assertEquals(new Holder(Owner.ADOPTED, List.of(Desired.UP, Desired.DOWN)), h);
    }

    @Test
    void instantIsWrittenAsRfc3339AndReadWithAnOffset() throws Exception {
        Instant t = Instant.parse("2024-05-01T12:00:00.250Z");
        assertEquals("\"2024-05-01T12:00:00.250Z\"", Json.mapper().writeValueAsString(t));
        assertEquals(t, Json.mapper().readValue("\"2024-05-01T14:00:00.250+02:00\"", Instant.class));
        assertThrows(InvalidFormatException.class, () -> Json.mapper().readValue("\"yesterday\"", Instant.class));
    }

    @Test
    void wordsListsDeclarationOrder() {
        assertEquals(List.of("always", "on-failure", "never"), WireEnum.words(RestartPolicy.class));
        assertEquals("TERM", WireEnum.words(StopSignal.class).getLast());
    }
}
