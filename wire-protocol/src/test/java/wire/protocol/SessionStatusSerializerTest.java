package wire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written {@link SessionStatusSerializer} writes exactly what databind's record serializer
 * writes with the same configuration, so clients cannot tell which one ran.
 */
class SessionStatusSerializerTest {
    private static final ObjectMapper BY_REFLECTION = Json.build(false);
    private static final String[] TEXTS = {
        "", "s0001", "/srv/a b", "quote \" and \\ backslash", "tab\tnew\nline\u0001", "unicode é ✓ 𝄞",
        "</script>", "\u2028 separator",
    };

    private static void assertSameJson(Object value) throws JsonProcessingException {
        assertEquals(BY_REFLECTION.writeValueAsString(value), Json.mapper().writeValueAsString(value));
    }

    @Test
    void theSamplesAreWrittenAsDatabindWritesThem() throws JsonProcessingException {
        assertSameJson(Samples.running("web"));
        assertSameJson(Samples.stopped("idle"));
        assertSameJson(new ListResult(Samples.supervisor(), List.of(Samples.running("a"), Samples.stopped("b")),
                List.of(new Unmanaged(7, "/r/sessions/gone", "sleep 1"))));
    }

    @Test
    void generatedStatusesAreWrittenAsDatabindWritesThem() throws JsonProcessingException {
        Random random = new Random(20261205);
        for (int i = 0; i < 2_000; i++) {
            assertSameJson(status(random));
        }
    }

    private static SessionStatus status(Random r) {
        return new SessionStatus(text(r), pick(r, SessionState.values()), pick(r, Desired.values()),
                r.nextBoolean() ? null : pick(r, Owner.values()), boxedLong(r), boxedLong(r), instant(r),
                boxedLong(r), r.nextInt(), r.nextBoolean() ? null : lastExit(r), boxedDouble(r), text(r), text(r),
                r.nextBoolean(), r.nextBoolean(), r.nextBoolean() ? null : text(r), boxedLong(r),
                r.nextBoolean() ? null : text(r), r.nextBoolean(), command(r), pick(r, RestartPolicy.values()),
                r.nextBoolean() ? null : new LastError(text(r), Instant.ofEpochSecond(r.nextInt(2_000_000_000))));
    }

    private static LastExit lastExit(Random r) {
        return new LastExit(r.nextBoolean() ? null : r.nextInt(256) - 128, r.nextBoolean() ? null : text(r),
                r.nextBoolean() ? null : instant(r), boxedDouble(r));
    }

    private static List<String> command(Random r) {
        if (r.nextInt(10) == 0) {
            return null;
        }
        List<String> argv = new ArrayList<>();
        for (int n = r.nextInt(5); n > 0; n--) {
            argv.add(text(r));
        }
        return argv;
    }

    private static String text(Random r) {
        return TEXTS[r.nextInt(TEXTS.length)] + (r.nextBoolean() ? "" : Integer.toString(r.nextInt()));
    }

    private static Long boxedLong(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> null;
            case 1 -> Long.MIN_VALUE + r.nextInt(3);
            case 2 -> Long.MAX_VALUE - r.nextInt(3);
            default -> (long) r.nextInt();
        };
    }

    private static Double boxedDouble(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> null;
            case 1 -> Double.NaN;
            case 2 -> r.nextBoolean() ? Double.POSITIVE_INFINITY : -0.0;
            case 3 -> (double) r.nextInt(100);
            case 4 -> r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
            default -> r.nextDouble();
        };
    }

    private static Instant instant(Random r) {
        if (r.nextInt(4) == 0) {
            return null;
        }
        return Instant.ofEpochSecond(r.nextInt(2_000_000_000), r.nextBoolean() ? 0 : r.nextInt(1_000_000_000));
    }

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }
}
