package wire.protocol;

import java.util.List;

/**
 * Params of {@code subscribe}.
 *
 * @param sessions the sessions to watch, or null for every session, present and future
 */
public record SubscribeParams(@Params.Default("null") List<String> sessions) {
    public SubscribeParams {
        sessions = sessions == null ? null : List.copyOf(sessions);
    }
}
