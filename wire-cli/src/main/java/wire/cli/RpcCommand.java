package wire.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import wire.protocol.Json;
import wire.protocol.Notification;
import wire.protocol.Response;

/**
 * {@code wire rpc METHOD [PARAMS_JSON] [--follow]}: the escape hatch for scripts without socat.
 * Prints the reply as a JSON-RPC message on one line (exit 1 if it is an error); with
 * {@code --follow} and a reply that opens a stream ({@code subscription} in its result), every
 * notification after it as NDJSON until the stream's end notification.
 */
@Command(name = "rpc", description = "Send any request and print the raw reply.")
final class RpcCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "METHOD", description = "The method, e.g. list.")
    String method;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PARAMS_JSON", description = "The params, e.g. '{\"session\":\"api\"}'.")
    String paramsJson;

    @Option(names = "--follow", description = "Keep printing notifications until the stream ends.")
    boolean follow;

    @Override
    public Integer call() throws Exception {
        JsonNode params = parseParams();
        Wire wire = global.wire();
        try (DaemonClient client = wire.daemon().connect()) {
            if (!follow) {
                Response reply = client.request(method, params);
                Cli.printJson(wire.out(), message(reply));
                return reply.isError() ? ExitCodes.FAILED : ExitCodes.OK;
            }
            Follow f = new Follow(wire);
            client.stream(method, params, f);
            return f.failed ? ExitCodes.FAILED : ExitCodes.OK;
        } finally {
            wire.out().flush();
        }
    }

    private JsonNode parseParams() throws CliFailure {
        if (paramsJson == null) {
            return null;
        }
        JsonNode params;
        try {
            params = Json.mapper().readTree(paramsJson);
        } catch (JsonProcessingException e) {
            throw CliFailure.usage("PARAMS_JSON is not valid JSON: " + e.getOriginalMessage());
        }
        // Every method's params are named (PROTOCOL.md), and the ipc client sends objects only.
        if (!params.isObject()) {
            throw CliFailure.usage("PARAMS_JSON must be a JSON object, like '{\"session\":\"api\"}'");
        }
        return params;
    }

    static ObjectNode message(Response reply) {
        ObjectNode o = Json.mapper().createObjectNode().put("jsonrpc", "2.0");
        // A stream's opening reply comes without its id (SocketDaemonClient); leave it out then.
        if (!reply.id().isNull() || reply.isError()) {
            o.set("id", reply.id());
        }
        if (reply.isError()) {
            o.set("error", Json.mapper().valueToTree(reply.error()));
        } else {
            o.set("result", reply.result());
        }
        return o;
    }

    /** Prints the reply, then notifications until an end notification; a reply that opens no stream ends it. */
    private static final class Follow implements DaemonClient.StreamListener {
        private final Wire wire;
        private boolean failed;

        Follow(Wire wire) {
            this.wire = wire;
        }

        @Override
        public boolean onReply(Response reply) {
            failed = reply.isError();
            Cli.printJson(wire.out(), message(reply));
            wire.out().flush();
            return !failed && reply.result() != null && reply.result().has("subscription");
        }

        @Override
        public boolean onNotification(Notification n) {
            Cli.printJson(wire.out(), StreamPrinter.message(n));
            wire.out().flush();
            return !n.method().endsWith("_end");
        }
    }
}
