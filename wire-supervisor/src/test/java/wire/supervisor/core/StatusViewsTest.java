package wire.supervisor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import wire.protocol.Desired;
import wire.protocol.SessionState;

class StatusViewsTest {
    private final StatusViews views = new StatusViews();

    private static SessionView view(String name, SessionState state) {
        Path home = Path.of("/sessions", name);
        return new SessionView(name, home, state, Desired.UP, null, 0, null, null, null, null, null);
    }

    @Test
    void viewsAreReadOnlyBetweenChanges() {
        SessionView running = view("api", SessionState.RUNNING);
        views.beginChange();
        views.publish(running);
        assertNull(views.current("api", () -> true), "published, but the change is not over");
        assertNull(views.all(() -> true));
        views.endChange();
        assertSame(running, views.current("api", () -> true));
        assertEquals(List.of(running), views.all(() -> true));
    }

    @Test
    void aReadThatAChangeOvertookIsRefused() {
        views.publish(view("api", SessionState.RUNNING));
        // The loop begins, publishes and ends a change while the reader is between its two looks.
        assertNull(views.current("api", () -> {
            views.beginChange();
            views.publish(view("api", SessionState.STOPPING));
            views.endChange();
            return true;
        }));
        assertEquals(SessionState.STOPPING, views.current("api", () -> true).state());
    }

    @Test
    void eventsWaitingInTheQueueSendReadersThroughIt() {
        views.publish(view("api", SessionState.RUNNING));
        assertNull(views.current("api", () -> false));
        assertNull(views.all(() -> false));
    }

    @Test
    void listIsSortedAndLeavesOutWithdrawnSessions() {
        views.beginChange();
        views.publish(view("web", SessionState.RUNNING));
        views.publish(view("api", SessionState.RUNNING));
        views.publish(view("db", SessionState.RUNNING));
        views.withdraw("db");
        views.endChange();
        assertEquals(List.of("api", "web"), views.all(() -> true).stream().map(SessionView::name).toList());
        assertNull(views.current("db", () -> true));
    }

    @Test
    void nothingIsReadAfterClose() {
        views.publish(view("api", SessionState.RUNNING));
        views.close();
        views.endChange();
        assertNull(views.current("api", () -> true));
        assertNull(views.all(() -> true));
    }
}
