package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One {@code SessionStatus} (or the {@code supervisor} object) as aligned {@code key: value}
 * lines, one per field in the order the daemon sent them, so a field added later still shows.
 * The rendering is {@link LeanRender}'s, shared with the {@link FastPath}.
 */
final class StatusRenderer {
    private StatusRenderer() {}

    static String render(JsonNode status) {
        return LeanRender.status((Map<?, ?>) LeanJson.of(status));
    }
}
