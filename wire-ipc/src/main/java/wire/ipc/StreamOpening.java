package wire.ipc;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A handler result that opens a notification stream: the server writes {@code result} as the
 * reply first and only then calls {@code start} with the sink for this connection, so no
 * notification can precede the response that opened its stream (PROTOCOL.md, Framing).
 */
public record StreamOpening(Object result, Consumer<NotificationSink> start) {
    public StreamOpening {
        Objects.requireNonNull(start, "start");
    }
}
