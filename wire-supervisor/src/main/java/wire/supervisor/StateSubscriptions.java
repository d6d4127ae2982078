package wire.supervisor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wire.ipc.ConnectionContext;
import wire.ipc.NotificationSink;
import wire.ipc.StreamOpening;
import wire.protocol.Methods;
import wire.protocol.SessionState;
import wire.protocol.SessionStateNotification;
import wire.protocol.SessionStatus;
import wire.protocol.SubscriptionEnd;
import wire.protocol.SubscriptionResult;
import wire.supervisor.core.TransitionListener;

/**
 * {@code subscribe}: fans the loop's state transitions out to the clients that asked. The loop
 * calls {@link #changed} on its own thread; offering to a sink never blocks, so a client that
 * stops reading loses its own notifications and slows nobody (PROTOCOL.md, Framing).
 */
final class StateSubscriptions implements TransitionListener {
    private static final Logger LOG = LoggerFactory.getLogger(StateSubscriptions.class);

    private record Subscription(String id, Set<String> sessions, NotificationSink sink) {
        boolean wants(String session) {
            return sessions == null || sessions.contains(session);
        }
    }

    private final Map<String, Subscription> open = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** Opens a stream of {@code session_state} for {@code sessions} (all when null). */
    StreamOpening subscribe(List<String> sessions, ConnectionContext connection) {
        String id = "state-" + ids.incrementAndGet();
        Set<String> filter = sessions == null ? null : Set.copyOf(sessions);
        connection.onClose(() -> open.remove(id));
        return new StreamOpening(new SubscriptionResult(id), sink -> {
            if (sink.isOpen()) {
                open.put(id, new Subscription(id, filter, sink));
            }
        });
    }

    /** Ends the caller's own subscription {@code id}; false when it has none by that id. */
    boolean cancel(String id, ConnectionContext caller) {
        Subscription sub = open.get(id);
        if (sub == null || sub.sink().connection().id() != caller.id() || !open.remove(id, sub)) {
            return false;
        }
        sub.sink().offerFinal(Methods.SUBSCRIPTION_END, new SubscriptionEnd(id, SubscriptionEnd.Reason.CANCELLED));
        return true;
    }

    @Override
    public boolean listening(String session) {
        return open.values().stream().anyMatch(sub -> sub.wants(session));
    }

    @Override
    public void changed(String session, SessionState from, SessionState to, Instant at, SessionStatus status) {
        for (Subscription sub : open.values()) {
            if (sub.wants(session)) {
                boolean queued = sub.sink().offer(Methods.SESSION_STATE,
                        new SessionStateNotification(sub.id(), session, from, to, at, status));
                if (!queued && sub.sink().isOpen()) {
                    LOG.warn("subscription {}: client is not reading; dropped the {} -> {} change of {}",
                            sub.id(), from, to, session);
                }
            }
        }
    }

    /** Tells every subscriber that the daemon is going away. */
    void shutdown() {
        for (Subscription sub : open.values()) {
            sub.sink().offerFinal(Methods.SUBSCRIPTION_END, new SubscriptionEnd(sub.id(), SubscriptionEnd.Reason.SHUTDOWN));
        }
        open.clear();
    }
}
