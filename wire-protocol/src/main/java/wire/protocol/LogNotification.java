package wire.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * Params of the {@code log} notification (PROTOCOL.md, Notifications). Two kinds share the name:
 *
 * <ul>
 *   <li>a line: {@code line} is the text without its newline (a piece of at most 65,536
 *       characters of a longer line), {@code dropped} is left out;
 *   <li>a drop notice, sent when a slow follower's queue overflowed, before lines resume:
 *       {@code dropped} is the count of lines lost from {@code stream} and {@code line} is null.
 *       Lines lost from both streams give one notice per stream.
 * </ul>
 *
 * <p>{@code at} is when the daemon read the line; it is left out when unknown (lines tailed from a
 * file written while no daemon watched).
 */
public record LogNotification(
        String subscription,
        String session,
        LogStream stream,
        @Nullable String line,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant at,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long dropped) {
    /** The longest {@code line} one notification carries (PROTOCOL.md, Notifications). */
    public static final int MAX_LINE_CHARS = 65_536;

    public LogNotification {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(stream, "stream");
        if (stream == LogStream.BOTH) {
            throw new IllegalArgumentException("a log notification names stdout or stderr, not both");
        }
        if ((line == null) == (dropped == null)) {
            throw new IllegalArgumentException("a log notification carries either a line or a dropped count");
        }
        if (dropped != null && dropped < 1) {
            throw new IllegalArgumentException("dropped must be at least 1, got " + dropped);
        }
        if (line != null && line.length() > MAX_LINE_CHARS) {
            throw new IllegalArgumentException("a line piece is at most " + MAX_LINE_CHARS + " characters");
        }
    }

    public static LogNotification line(String subscription, String session, LogStream stream, String line, Instant at) {
        return new LogNotification(subscription, session, stream, line, at, null);
    }

    public static LogNotification dropped(String subscription, String session, LogStream stream, long count, Instant at) {
        return new LogNotification(subscription, session, stream, null, at, count);
    }

    @JsonIgnore
    public boolean isDropNotice() {
        return dropped != null;
    }
}
