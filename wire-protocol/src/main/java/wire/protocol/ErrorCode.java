package wire.protocol;

import java.util.Optional;

/**
 * Every error code of the protocol: the JSON-RPC 2.0 standard ones
 * (https://www.jsonrpc.org/specification#error_object) and wire's application errors
 * (PROTOCOL.md, "Application errors").
 */
public enum ErrorCode {
    PARSE_ERROR(-32700, "parse_error"),
    INVALID_REQUEST(-32600, "invalid_request"),
    METHOD_NOT_FOUND(-32601, "method_not_found"),
    INVALID_PARAMS(-32602, "invalid_params"),
    INTERNAL_ERROR(-32603, "internal_error"),
    SESSION_NOT_FOUND(-32001, "session_not_found"),
    SPAWN_FAILED(-32002, "spawn_failed"),
    INVALID_CONFIG(-32003, "invalid_config"),
    STOP_TIMEOUT(-32004, "stop_timeout"),
    SHUTTING_DOWN(-32005, "shutting_down"),
    INVALID_SESSION_NAME(-32006, "invalid_session_name");

    private final int code;
    private final String wireName;

    ErrorCode(int code, String wireName) {
        this.code = code;
        this.wireName = wireName;
    }

    public int code() {
        return code;
    }

    /** The snake_case name PROTOCOL.md uses for this error. */
    public String wireName() {
        return wireName;
    }

    public static Optional<ErrorCode> fromCode(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
