package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import wire.ipc.NotificationStream;
import wire.ipc.RpcClient;
import wire.protocol.Json;
import wire.protocol.Notification;

/** PROTOCOL.md {@code subscribe}: every state change, in order, live; and {@code wire supervisor events}. */
class SessionEventsIT {
    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    @Test
    void aCrashLoopingSessionIsSeenGoingStartingRunningBackoffInOrder() throws Exception {
        sandbox.helperSession("crashy", "crash.sh", "\"cwd\": \"/tmp\"");
        sandbox.startDaemon();
        List<String> transitions = new ArrayList<>();
        try (RpcClient client = sandbox.client();
                NotificationStream stream = client.stream("subscribe", Map.of("sessions", List.of("crashy")))) {
            String id = stream.result().path("subscription").asText();
            String previous = null;
            int cycles = 0;
            while (cycles < 2) {
                Notification note = stream.next(Duration.ofSeconds(20));
                assertEquals("session_state", note.method());
                JsonNode p = note.params();
                assertEquals(id, p.path("subscription").asText());
                assertEquals("crashy", p.path("session").asText());
                assertEquals(p.path("to").asText(), p.path("status").path("state").asText(), "status is the new state");
                String from = p.path("from").asText();
                String to = p.path("to").asText();
                if (previous != null) {
                    assertEquals(previous, from, "each change starts where the last one ended: " + transitions);
                }
                transitions.add(from + "->" + to);
                previous = to;
                if (transitions.size() >= 3 && transitions.subList(transitions.size() - 3, transitions.size())
                        .equals(List.of("backoff->starting", "starting->running", "running->backoff"))) {
                    cycles++;
                }
            }
            System.out.println("crash loop seen as: " + transitions);
            assertTrue(client.call("cancel", Map.of("subscription", id)).path("cancelled").asBoolean());
            Notification end = stream.next(Duration.ofSeconds(10));
            while (!end.method().equals("subscription_end")) {
                end = stream.next(Duration.ofSeconds(10));
            }
            assertEquals("cancelled", end.params().path("reason").asText());
        }
    }

    @Test
    void eventsCommandPrintsChangesLiveAndNdjsonWithJson() throws Exception {
        sandbox.helperSession("crashy", "crash.sh", "\"cwd\": \"/tmp\"");
        sandbox.startDaemon();
        Path text = sandbox.root().resolve("events.out");
        Path json = sandbox.root().resolve("events.json");
        Process plain = sandbox.launch(List.of("supervisor", "events", "crashy"), text);
        Process ndjson = sandbox.launch(List.of("--json", "supervisor", "events"), json);
        try {
            Awaits.await().until(() -> Files.readString(text).contains("running -> backoff")
                    && Files.readString(json).contains("\"to\":\"backoff\""));
            for (String line : Files.readString(text).split("\n")) {
                assertTrue(line.matches("\\S+ crashy [a-z]+ -> [a-z]+"), line);
            }
            for (String line : Files.readString(json).split("\n")) {
                JsonNode message = Json.mapper().readTree(line);
                assertEquals("session_state", message.path("method").asText(), line);
                assertEquals("crashy", message.path("params").path("session").asText(), line);
            }
        } finally {
            plain.destroy();
            ndjson.destroy();
        }
    }
}
