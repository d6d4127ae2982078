package wire.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import wire.protocol.Json;
import wire.protocol.LogNotification;
import wire.protocol.Notification;

/**
 * {@code wire supervisor logs NAME [-n N] [-f] [--stream stdout|stderr|both]}: a client of
 * {@code logs}. Prints lines as {@code tail} does; with both streams each line is marked
 * {@code out| } or {@code err| }. The pieces of a line longer than 65,536 characters are printed
 * as one line again (a full-size piece is taken to continue).
 */
@Command(name = "logs", description = "Print a session's output; -f keeps following it.")
final class SupervisorLogs implements Callable<Integer> {
    private static final Set<String> STREAMS = Set.of("stdout", "stderr", "both");

    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "NAME", description = "The session.")
    String name;

    @Option(names = "-n", paramLabel = "N", description = "Lines of history per stream (daemon default: 100).")
    Integer tail;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
    boolean follow;

    @Option(names = "--stream", paramLabel = "STREAM", description = "stdout, stderr or both (default).")
    String stream = "both";

    @Override
    public Integer call() throws Exception {
        Names.require(name);
        if (!STREAMS.contains(stream)) {
            throw CliFailure.usage("--stream must be stdout, stderr or both, not '" + stream + "'");
        }
        if (tail != null && tail < 0) {
            throw CliFailure.usage("-n must be 0 or more, not " + tail);
        }
        ObjectNode params = Json.mapper().createObjectNode().put("session", name).put("follow", follow).put("stream", stream);
        if (tail != null) {
            params.put("tail", tail);
        }
        Wire wire = global.wire();
        try (DaemonClient client = wire.daemon().connect()) {
            Lines lines = new Lines(wire, stream.equals("both"));
            return new StreamPrinter(wire, Set.of("log_end"), lines::line).run(client, "logs", params);
        }
    }

    /** Renders {@code log} notifications; keeps the state of a line that arrives in pieces. */
    static final class Lines {
        private final Wire wire;
        private final boolean marked;
        private final StringBuilder pending = new StringBuilder();
        private String pendingStream;

        Lines(Wire wire, boolean marked) {
            this.wire = wire;
            this.marked = marked;
        }

        /** The text to print for {@code n}, or null (nothing, or the first pieces of a long line). */
        String line(Notification n) {
            String text = SupervisorLogs.line(wire, n);
            if (text == null) {
                return null;
            }
            String stream = Nodes.textOr(n.params(), "stream", "stdout");
            String flushed = null;
            if (pendingStream != null && !pendingStream.equals(stream)) {
                flushed = mark(pendingStream, pending.toString()); // the other stream interrupted it
                pending.setLength(0);
            }
            if (text.length() == LogNotification.MAX_LINE_CHARS) {
                pending.append(text);
                pendingStream = stream;
                return flushed;
            }
            String whole = mark(stream, pending + text);
            pending.setLength(0);
            pendingStream = null;
            return flushed == null ? whole : flushed + System.lineSeparator() + whole;
        }

        private String mark(String stream, String text) {
            return marked ? (stream.equals("stderr") ? "err| " : "out| ") + text : text;
        }
    }

    /** The log line itself; the rare notes about the stream go to stderr, not into the output. */
    static String line(Wire wire, Notification n) {
        if (!"log".equals(n.method())) {
            String reason = Nodes.text(n.params(), "reason");
            if (reason != null && !reason.equals("complete") && !reason.equals("cancelled")) {
                wire.err().println("wire: log stream ended: " + reason.replace('_', ' '));
            }
            return null;
        }
        if (Nodes.present(n.params(), "dropped")) {
            wire.err().println("wire: " + n.params().get("dropped").asText() + " lines dropped (reading too slowly)");
            return null;
        }
        return Nodes.textOr(n.params(), "line", "");
    }
}
