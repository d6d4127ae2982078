package wire.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * An enum whose JSON form is a fixed lowercase word of PROTOCOL.md rather than its Java name.
 * {@link Json#mapper()} writes and reads every implementation by that word alone.
 */
public interface WireEnum {
    @JsonValue
    String wire();

    /** The constant of {@code type} whose wire word is {@code word}, or null. */
    static <E extends Enum<E> & WireEnum> E fromWire(Class<E> type, String word) {
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(word)) {
                return e;
            }
        }
        return null;
    }

    /** The wire words of {@code type} in declaration order, for error messages and schemas. */
    static List<String> words(Class<? extends WireEnum> type) {
        List<String> words = new ArrayList<>();
        for (WireEnum e : type.getEnumConstants()) {
            words.add(e.wire());
        }
        return List.copyOf(words);
    }
}
