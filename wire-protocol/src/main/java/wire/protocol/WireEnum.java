package wire.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** An enum whose JSON form is a fixed lowercase word of PROTOCOL.md rather than its Java name. */
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
}
