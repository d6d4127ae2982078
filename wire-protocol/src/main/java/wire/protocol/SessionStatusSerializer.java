package wire.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * {@link SessionStatus} written field by field, for {@link Json#mapper()}: a {@code list} of N
 * sessions writes N of them, and databind's record serializer, which reads every component
 * through reflection, was most of the supervisor's time for a {@code list} (docs/performance.md).
 * The output is byte for byte what that serializer writes ({@code SessionStatusSerializerTest}
 * compares them on generated statuses): the same snake_case names in component order, every field
 * present, nulls written out.
 */
final class SessionStatusSerializer extends StdSerializer<SessionStatus> {
    private static final long serialVersionUID = 1L;

    private static final SerializedString NAME = name("name");
    private static final SerializedString STATE = name("state");
    private static final SerializedString DESIRED = name("desired");
    private static final SerializedString OWNER = name("owner");
    private static final SerializedString PID = name("pid");
    private static final SerializedString PGID = name("pgid");
    private static final SerializedString STARTED_AT = name("started_at");
    private static final SerializedString UPTIME_SECS = name("uptime_secs");
    private static final SerializedString RESTART_COUNT = name("restart_count");
    private static final SerializedString LAST_EXIT = name("last_exit");
    private static final SerializedString NEXT_START_IN_SECS = name("next_start_in_secs");
    private static final SerializedString HOME_DIR = name("home_dir");
    private static final SerializedString CWD = name("cwd");
    private static final SerializedString BOUND = name("bound");
    private static final SerializedString ELIGIBLE = name("eligible");
    private static final SerializedString INELIGIBLE_REASON = name("ineligible_reason");
    private static final SerializedString LAST_SYNC_AGE_SECONDS = name("last_sync_age_seconds");
    private static final SerializedString DAEMON_VERSION = name("daemon_version");
    private static final SerializedString STALE_BINARY = name("stale_binary");
    private static final SerializedString COMMAND = name("command");
    private static final SerializedString RESTART = name("restart");
    private static final SerializedString LAST_ERROR = name("last_error");
    private static final SerializedString CODE = name("code");
    private static final SerializedString SIGNAL = name("signal");
    private static final SerializedString AT = name("at");
    private static final SerializedString LIVED_SECS = name("lived_secs");
    private static final SerializedString MESSAGE = name("message");

    SessionStatusSerializer() {
        super(SessionStatus.class);
    }

    private static SerializedString name(String wireName) {
        return new SerializedString(wireName);
    }

    @Override
    public void serialize(SessionStatus s, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject(s);
        g.writeFieldName(NAME);
        string(g, s.name());
        g.writeFieldName(STATE);
        word(g, s.state());
        g.writeFieldName(DESIRED);
        word(g, s.desired());
        g.writeFieldName(OWNER);
        word(g, s.owner());
        g.writeFieldName(PID);
        number(g, s.pid());
        g.writeFieldName(PGID);
        number(g, s.pgid());
        g.writeFieldName(STARTED_AT);
        instant(g, s.startedAt());
        g.writeFieldName(UPTIME_SECS);
        number(g, s.uptimeSecs());
        g.writeFieldName(RESTART_COUNT);
        g.writeNumber(s.restartCount());
        g.writeFieldName(LAST_EXIT);
        lastExit(g, s.lastExit());
        g.writeFieldName(NEXT_START_IN_SECS);
        number(g, s.nextStartInSecs());
        g.writeFieldName(HOME_DIR);
        string(g, s.homeDir());
        g.writeFieldName(CWD);
        string(g, s.cwd());
        g.writeFieldName(BOUND);
        g.writeBoolean(s.bound());
        g.writeFieldName(ELIGIBLE);
        g.writeBoolean(s.eligible());
        g.writeFieldName(INELIGIBLE_REASON);
        string(g, s.ineligibleReason());
        g.writeFieldName(LAST_SYNC_AGE_SECONDS);
        number(g, s.lastSyncAgeSeconds());
        g.writeFieldName(DAEMON_VERSION);
        string(g, s.daemonVersion());
        g.writeFieldName(STALE_BINARY);
        g.writeBoolean(s.staleBinary());
        g.writeFieldName(COMMAND);
        if (s.command() == null) {
            g.writeNull();
        } else {
            g.writeStartArray();
            for (String arg : s.command()) {
                string(g, arg);
            }
            g.writeEndArray();
        }
        g.writeFieldName(RESTART);
        word(g, s.restart());
        g.writeFieldName(LAST_ERROR);
        lastError(g, s.lastError());
        g.writeEndObject();
    }

    private static void lastExit(JsonGenerator g, LastExit e) throws IOException {
        if (e == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject(e);
        g.writeFieldName(CODE);
        if (e.code() == null) {
            g.writeNull();
        } else {
            g.writeNumber(e.code().intValue());
        }
        g.writeFieldName(SIGNAL);
        string(g, e.signal());
        g.writeFieldName(AT);
        instant(g, e.at());
        g.writeFieldName(LIVED_SECS);
        number(g, e.livedSecs());
        g.writeEndObject();
    }

    private static void lastError(JsonGenerator g, LastError e) throws IOException {
        if (e == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject(e);
        g.writeFieldName(MESSAGE);
        string(g, e.message());
        g.writeFieldName(AT);
        instant(g, e.at());
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
    }

    private static void word(JsonGenerator g, WireEnum value) throws IOException {
        string(g, value == null ? null : value.wire());
    }

    private static void instant(JsonGenerator g, Instant value) throws IOException {
        string(g, value == null ? null : value.toString());
    }

    private static void number(JsonGenerator g, Long value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else {
            g.writeNumber(value.longValue());
        }
    }

    private static void number(JsonGenerator g, Double value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else {
            g.writeNumber(value.doubleValue());
        }
    }
}
