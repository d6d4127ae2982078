package wire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MethodsTest {

    @Test
    void everyMethodOfTheProtocolIsListedOnceInItsOrder() {
        assertEquals(List.of("version", "list", "status", "start", "stop", "restart", "reload", "logs", "subscribe",
                        "cancel", "shutdown", "rpc.discover"),
                Methods.all().stream().map(Methods.MethodInfo::name).toList());
    }

    @Test
    void everyNotificationIsListedOnce() {
        assertEquals(List.of("log", "log_end", "session_state", "subscription_end"),
                Methods.notifications().stream().map(Methods.NotificationInfo::name).toList());
    }

    @Test
    void findReturnsTheMethodByName() {
        assertEquals(StopParams.class, Methods.find("stop").orElseThrow().params());
        assertTrue(Methods.find("nope").isEmpty());
        assertEquals(LogEnd.class, Methods.findNotification("log_end").orElseThrow().params());
    }

    @Test
    void everyNotificationAMethodProducesExists() {
        Set<String> produced = new HashSet<>();
        for (Methods.MethodInfo m : Methods.all()) {
            for (String n : m.notifications()) {
                assertTrue(Methods.findNotification(n).isPresent(), m.name() + " names unknown " + n);
                produced.add(n);
            }
        }
        assertEquals(Set.of("log", "log_end", "session_state", "subscription_end"), produced);
    }

    @Test
    void targetMethodsAnswerAStatusOrABulkResult() {
        for (String name : List.of("start", "stop", "restart")) {
            assertEquals(List.of(SessionStatus.class, BulkResult.class), Methods.find(name).orElseThrow().results());
        }
    }

    @Test
    void methodsWithoutParamsAreExactlyThoseThatTakeNone() {
        assertEquals(List.of("version", "list", "reload", "rpc.discover"),
                Methods.all().stream().filter(m -> !m.takesParams()).map(Methods.MethodInfo::name).toList());
    }

    @Test
    void summariesAreOneLineSentences() {
        for (Methods.MethodInfo m : Methods.all()) {
            assertFalse(m.summary().contains("\n"), m.name());
            assertTrue(m.summary().endsWith("."), m.name());
        }
    }

    @Test
    void methodErrorsAreApplicationErrorsOnly() {
        for (Methods.MethodInfo m : Methods.all()) {
            for (ErrorCode e : m.errors()) {
                assertTrue(e.code() > -32100 && e.code() <= -32000, m.name() + " lists " + e);
            }
        }
        assertTrue(Methods.find("status").orElseThrow().errors().contains(ErrorCode.INVALID_SESSION_NAME));
    }
}
