package wire.protocol;

import static wire.protocol.ErrorCode.INVALID_CONFIG;
import static wire.protocol.ErrorCode.INVALID_SESSION_NAME;
import static wire.protocol.ErrorCode.SESSION_NOT_FOUND;
import static wire.protocol.ErrorCode.SHUTTING_DOWN;
import static wire.protocol.ErrorCode.SPAWN_FAILED;
import static wire.protocol.ErrorCode.STOP_TIMEOUT;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every method and notification of PROTOCOL.md, version {@value #PROTOCOL_VERSION}: the one list
 * that dispatch, the CLI and {@link OpenRpc} read, so a method cannot exist in one and not the
 * others. Summaries follow PROTOCOL.md's Methods table.
 */
public final class Methods {
    /** The protocol version: {@code version}'s {@code protocol} and the OpenRPC {@code info.version}. */
    public static final int PROTOCOL_VERSION = 1;

    public static final String VERSION = "version";
    public static final String LIST = "list";
    public static final String STATUS = "status";
    public static final String START = "start";
    public static final String STOP = "stop";
    public static final String RESTART = "restart";
    public static final String RELOAD = "reload";
    public static final String LOGS = "logs";
    public static final String SUBSCRIBE = "subscribe";
    public static final String CANCEL = "cancel";
    public static final String SHUTDOWN = "shutdown";
    public static final String DISCOVER = "rpc.discover";

    public static final String LOG = "log";
    public static final String LOG_END = "log_end";
    public static final String SESSION_STATE = "session_state";
    public static final String SUBSCRIPTION_END = "subscription_end";

    /**
     * One method.
     *
     * @param params the params record, or null when the method takes none (decode with
     *     {@link Params#decode}, or check with {@link Params#requireNone})
     * @param results the result type; two for target methods: {@link SessionStatus} for a single
     *     session, {@link BulkResult} for the bulk selectors
     * @param errors the application errors it can answer besides the JSON-RPC ones
     * @param notifications names of the notifications of the stream it opens, in the order they come
     */
    public record MethodInfo(
            String name,
            Class<? extends Record> params,
            List<Class<?>> results,
            String summary,
            List<ErrorCode> errors,
            List<String> notifications) {
        public MethodInfo {
            Objects.requireNonNull(name, "name");
            results = List.copyOf(results);
            errors = List.copyOf(errors);
            notifications = List.copyOf(notifications);
        }

        public boolean takesParams() {
            return params != null;
        }
    }

    /** One notification the daemon sends; {@code params} is its params record. */
    public record NotificationInfo(String name, Class<? extends Record> params, String summary) {}

    private static final List<ErrorCode> TARGET_ERRORS =
            List.of(SESSION_NOT_FOUND, SPAWN_FAILED, INVALID_CONFIG, SHUTTING_DOWN, INVALID_SESSION_NAME);

    private static final List<MethodInfo> METHODS = List.of(
            new MethodInfo(VERSION, null, List.of(VersionResult.class),
                    "The daemon's version, the protocol version, its pid, start time and Java runtime.",
                    List.of(), List.of()),
            new MethodInfo(LIST, null, List.of(ListResult.class),
                    "The supervisor, every session (ineligible ones included) sorted by name, and unmanaged processes.",
                    List.of(), List.of()),
            new MethodInfo(STATUS, SessionParams.class, List.of(SessionStatus.class),
                    "The status of one session.",
                    List.of(SESSION_NOT_FOUND, INVALID_SESSION_NAME), List.of()),
            new MethodInfo(START, StartParams.class, List.of(SessionStatus.class, BulkResult.class),
                    "Sets intent up and starts the target, answering once the child is spawned; overrides the idle"
                            + " filter; an external session is left alone and reported as it is.",
                    TARGET_ERRORS, List.of()),
            new MethodInfo(STOP, StopParams.class, List.of(SessionStatus.class, BulkResult.class),
                    "Persists intent down and stops the target, answering once the whole process group is gone.",
                    List.of(SESSION_NOT_FOUND, STOP_TIMEOUT, SHUTTING_DOWN, INVALID_SESSION_NAME), List.of()),
            new MethodInfo(RESTART, RestartParams.class, List.of(SessionStatus.class, BulkResult.class),
                    "Restarts the target, skipping any backoff delay, answering with the new child's status.",
                    List.of(SESSION_NOT_FOUND, SPAWN_FAILED, INVALID_CONFIG, STOP_TIMEOUT, SHUTTING_DOWN,
                            INVALID_SESSION_NAME),
                    List.of()),
            new MethodInfo(RELOAD, null, List.of(ReloadResult.class),
                    "Rescans the sessions now and names those added, removed, changed, unchanged and invalid.",
                    List.of(SHUTTING_DOWN), List.of()),
            new MethodInfo(LOGS, LogsParams.class, List.of(SubscriptionResult.class),
                    "Opens a stream of a session's output: the last tail lines, then new ones when following, as log"
                            + " notifications ending with log_end.",
                    List.of(SESSION_NOT_FOUND, INVALID_SESSION_NAME), List.of(LOG, LOG_END)),
            new MethodInfo(SUBSCRIBE, SubscribeParams.class, List.of(SubscriptionResult.class),
                    "Opens a stream of session_state notifications for the named sessions, or all when omitted.",
                    List.of(INVALID_SESSION_NAME), List.of(SESSION_STATE, SUBSCRIPTION_END)),
            new MethodInfo(CANCEL, CancelParams.class, List.of(CancelResult.class),
                    "Ends a stream of this connection; the stream ends with its end notification.",
                    List.of(), List.of()),
            new MethodInfo(SHUTDOWN, ShutdownParams.class, List.of(ShutdownResult.class),
                    "Exits the daemon after replying; with stop_sessions every child is stopped first, otherwise"
                            + " the children keep running and the next daemon adopts them.",
                    List.of(SHUTTING_DOWN), List.of()),
            new MethodInfo(DISCOVER, null, List.of(JsonNode.class),
                    "The OpenRPC 1.x document of this protocol.",
                    List.of(), List.of()));

    private static final List<NotificationInfo> NOTIFICATIONS = List.of(
            new NotificationInfo(LOG, LogNotification.class,
                    "One line of output (pieces of at most 65,536 characters for longer lines), or a count of lines"
                            + " dropped for a slow reader."),
            new NotificationInfo(LOG_END, LogEnd.class, "The end of a logs stream, and why."),
            new NotificationInfo(SESSION_STATE, SessionStateNotification.class,
                    "A state change of a watched session, with its status right after it."),
            new NotificationInfo(SUBSCRIPTION_END, SubscriptionEnd.class, "The end of a subscribe stream, and why."));

    private Methods() {}

    /** Every method, in PROTOCOL.md's order. */
    public static List<MethodInfo> all() {
        return METHODS;
    }

    public static Optional<MethodInfo> find(String name) {
        return METHODS.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** Every notification the daemon sends. */
    public static List<NotificationInfo> notifications() {
        return NOTIFICATIONS;
    }

    public static Optional<NotificationInfo> findNotification(String name) {
        return NOTIFICATIONS.stream().filter(n -> n.name().equals(name)).findFirst();
    }
}
