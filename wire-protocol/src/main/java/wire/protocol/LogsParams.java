package wire.protocol;

import java.util.Objects;

/**
 * Params of {@code logs}.
 *
 * @param tail how many past lines to send first, per stream when {@code stream} is both
 * @param follow keep the stream open for new lines until cancelled
 */
public record LogsParams(
        String session,
        @Params.Default("100") @Params.Min(0) int tail,
        @Params.Default("false") boolean follow,
        @Params.Default("\"both\"") LogStream stream) {
    public static final int DEFAULT_TAIL = 100;

    public LogsParams {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(stream, "stream");
        if (tail < 0) {
            throw new IllegalArgumentException("tail must be at least 0, got " + tail);
        }
    }

    /** The last {@value #DEFAULT_TAIL} lines of both streams, without following. */
    public static LogsParams of(String session) {
        return new LogsParams(session, DEFAULT_TAIL, false, LogStream.BOTH);
    }
}
