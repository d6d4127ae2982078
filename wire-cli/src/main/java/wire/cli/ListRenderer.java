package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code list} result as the session table, followed by any unmanaged processes. The
 * rendering itself is {@link LeanRender}'s, shared with the {@link FastPath}; this class takes
 * the databind trees the rest of the CLI holds.
 */
final class ListRenderer {
    private ListRenderer() {}

    static String render(JsonNode list) {
        return LeanRender.list(LeanJson.of(list));
    }

    /** {@code code 3 (0.1s)}, {@code signal KILL (3h12m)}: how it ended and how long it had lived. */
    static String lastExit(JsonNode exit) {
        return LeanRender.lastExit(LeanJson.of(exit));
    }

    static String note(JsonNode s) {
        return LeanRender.note(LeanJson.of(s));
    }
}
