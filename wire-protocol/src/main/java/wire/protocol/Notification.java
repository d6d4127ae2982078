package wire.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** A message without {@code id}: carried out (or delivered) and never answered. */
public record Notification(String method, JsonNode params) implements Message {
    public Notification {
        Objects.requireNonNull(method, "method");
    }
}
