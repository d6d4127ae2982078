package wire.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The one Jackson configuration of the protocol: snake_case field names (records use camelCase
 * components), nulls written out (PROTOCOL.md: every SessionStatus field is always present),
 * unknown properties refused, and output on one line.
 *
 * <p>Without the jsr310 module, {@link Instant} is written as RFC 3339 text ({@code Instant.toString()})
 * and read back with {@code Instant.parse} (which accepts an offset). Every {@link WireEnum} reads
 * from its wire word only; any other word fails naming the accepted ones.
 */
public final class Json {
    private static final ObjectMapper MAPPER = build(true);

    private Json() {}

    /**
     * The configuration; {@code handWritten} adds the serializers written field by field for the
     * hot records (off only for the tests that check them against databind's own).
     */
    static ObjectMapper build(boolean handWritten) {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.ALWAYS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .addModule(new ProtocolModule(handWritten))
                .build();
    }

    /** Thread-safe once configured; never reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The JSON name {@link #mapper()} gives a record component or property named {@code javaName}. */
    public static String wireName(String javaName) {
        return ((PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE).translate(javaName);
    }

    private static final class ProtocolModule extends SimpleModule {
        private static final long serialVersionUID = 1L;

        ProtocolModule(boolean handWritten) {
            super("wire-protocol");
            addSerializer(Instant.class, ToStringSerializer.instance);
            if (handWritten) {
                addSerializer(SessionStatus.class, new SessionStatusSerializer());
            }
            addDeserializer(Instant.class, new InstantDeserializer());
        }

        @Override
        public void setupModule(SetupContext context) {
            super.setupModule(context);
            context.addDeserializers(new Deserializers.Base() {
                @Override
                public JsonDeserializer<?> findEnumDeserializer(
                        Class<?> type, DeserializationConfig config, BeanDescription beanDesc) {
                    return WireEnum.class.isAssignableFrom(type) ? new WireEnumDeserializer(type) : null;
                }
            });
        }
    }

    private static final class InstantDeserializer extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            String text = p.getText();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(
                        Instant.class, text, "expected an RFC 3339 timestamp such as 2024-05-01T12:00:00Z");
            }
        }
    }

    private static final class WireEnumDeserializer extends StdScalarDeserializer<Object> {
        private static final long serialVersionUID = 1L;

        private final Class<?> type;

        WireEnumDeserializer(Class<?> type) {
            super(type);
            this.type = type;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return ctxt.reportInputMismatch(this, "expected one of %s as a string, got %s",
                        WireEnum.words(type.asSubclass(WireEnum.class)), p.currentToken());
            }
            String word = p.getText();
            for (Object constant : type.getEnumConstants()) {
                if (((WireEnum) constant).wire().equals(word)) {
                    return constant;
                }
            }
            return ctxt.handleWeirdStringValue(type, word, "expected one of %s",
                    WireEnum.words(type.asSubclass(WireEnum.class)));
        }
    }
}
