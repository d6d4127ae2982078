package wire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import wire.protocol.Json;
import wire.protocol.Notification;
import wire.protocol.Response;
import wire.protocol.RpcException;

/**
 * Runs one notification stream ({@code logs}, {@code subscribe}) to its end notification and
 * prints it: NDJSON of the notifications as they came with {@code --json}, else one line each as
 * {@code format} renders it (null prints nothing).
 *
 * <p>Ctrl-C (or any other end of the JVM) while the stream runs sends {@code cancel} for it on
 * the same connection and waits briefly for the end notification, so the daemon closes the
 * stream cleanly instead of finding a dead connection.
 */
final class StreamPrinter implements DaemonClient.StreamListener {
    private final Wire wire;
    private final Set<String> endMethods;
    private final Function<Notification, String> format;
    private Response reply;
    private volatile Notification end;
    private volatile String subscription;
    private final CountDownLatch finished = new CountDownLatch(1);

    StreamPrinter(Wire wire, Set<String> endMethods, Function<Notification, String> format) {
        this.wire = wire;
        this.endMethods = endMethods;
        this.format = format;
    }

    /** Returns 0 when the stream ended with its end notification; throws an error reply. */
    int run(DaemonClient client, String method, JsonNode params) throws Exception {
        Thread cancelOnExit = Thread.ofPlatform().unstarted(() -> cancel(client));
        Runtime.getRuntime().addShutdownHook(cancelOnExit);
        try {
            client.stream(method, params, this);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnExit);
            } catch (IllegalStateException e) {
                // the JVM is already exiting: the hook is running
            }
        }
        if (reply != null && reply.isError()) {
            throw new RpcException(reply.error());
        }
        if (end == null) {
            throw CliFailure.failed("the supervisor closed the stream before its end");
        }
        return ExitCodes.OK;
    }

    /** From the shutdown hook: cancel the open stream and give its end a moment to arrive. */
    private void cancel(DaemonClient client) {
        String id = subscription;
        if (id == null || end != null) {
            return;
        }
        try {
            client.request("cancel", Json.mapper().createObjectNode().put("subscription", id));
            finished.await(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the daemon or the connection is gone: nothing left to cancel
        }
    }

    @Override
    public boolean onReply(Response response) {
        reply = response;
        if (!response.isError() && response.result() != null && response.result().hasNonNull("subscription")) {
            subscription = response.result().get("subscription").asText();
        }
        return !response.isError();
    }

    @Override
    public boolean onNotification(Notification n) {
        if (wire.json()) {
            Cli.printJson(wire.out(), message(n));
        } else {
            String line = format.apply(n);
            if (line != null) {
                wire.out().println(line);
            }
        }
        wire.out().flush();
        if (endMethods.contains(n.method())) {
            end = n;
            return false;
        }
        return true;
    }

    /** The notification as it travels on the wire. */
    static ObjectNode message(Notification n) {
        ObjectNode o = Json.mapper().createObjectNode().put("jsonrpc", "2.0").put("method", n.method());
        if (n.params() != null) {
            o.set("params", n.params());
        }
        return o;
    }
}
