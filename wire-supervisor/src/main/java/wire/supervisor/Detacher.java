package wire.supervisor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import wire.ipc.OneShotCall;
import wire.ipc.WirePaths;

/**
 * Starts the supervisor in the background: a new process in its own session (so closing the
 * terminal does not take it down), output appended to {@code supervisor.log}, and returns once
 * its socket answers. When it dies instead, the tail of its log says why.
 */
final class Detacher {
    static final Duration BUDGET = Duration.ofSeconds(15);
    private static final int LOG_TAIL_LINES = 20;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final JsonFactory JSON = new JsonFactory();

    private Detacher() {}

    static int detach(Map<String, String> env, RegistryOptions registry, PrintStream out)
            throws IOException, InterruptedException {
        Daemons.Started started = start(env, registry, BUDGET);
        out.println(started.message());
        return started.ok() ? 0 : 1;
    }

    /**
     * Spawns {@code wire daemon --all-sessions --foreground} detached and waits up to {@code budget}
     * for its socket to answer. A spawned daemon that exits 0 lost the lock to another one that is
     * still starting: the wait goes on for that one's socket.
     */
    static Daemons.Started start(Map<String, String> env, RegistryOptions registry, Duration budget)
            throws IOException, InterruptedException {
        Path root = WirePaths.root(env);
        Path socket = WirePaths.socket(env);
        OptionalLong holder = answeringPid(socket);
        if (holder.isPresent()) {
            return new Daemons.Started(true, 0, alreadyRunning(holder.getAsLong(), socket));
        }
        WirePaths.createPrivateDirectories(root);
        Path log = root.resolve("supervisor.log");
        List<String> argv = SelfCommand.supervisor(registry);
        String command = "  command: " + String.join(" ", argv);
        Process child;
        try {
            child = DetachedProcess.start(argv, env, root, log);
        } catch (IOException e) {
            return new Daemons.Started(false, 0, "wire: could not start the supervisor: " + e.getMessage() + "\n"
                    + command);
        }
        CompletableFuture<Process> exit = child.onExit();
        Instant deadline = Instant.now().plus(budget);
        while (Instant.now().isBefore(deadline)) {
            OptionalLong answering = answeringPid(socket);
            if (answering.isPresent()) {
                boolean ours = !exit.isDone();
                if (ours) {
                    DaemonAotCache.trainInBackground(); // for the next start, now that this one is up
                }
                return new Daemons.Started(true, ours ? child.pid() : 0, ours
                        ? "wire: supervisor started (pid " + child.pid() + ", socket " + socket + ", log " + log + ")"
                        : alreadyRunning(answering.getAsLong(), socket));
            }
            try {
                int status = exit.get(50, TimeUnit.MILLISECONDS).exitValue();
                if (status != 0) {
                    return new Daemons.Started(false, 0, "wire: the supervisor exited at start (" + describe(status)
                            + "); the end of " + log + ":\n" + tail(log) + command);
                }
                // Exit 0: another daemon holds the root; keep waiting for its socket.
            } catch (TimeoutException e) {
                // still starting
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            if (exit.isDone()) {
                Thread.sleep(50);
            }
        }
        return new Daemons.Started(false, 0, "wire: the supervisor (pid " + child.pid() + ") did not answer on "
                + socket + " within " + budget.toSeconds() + " s; the end of " + log + ":\n" + tail(log) + command);
    }

    /** DESIGN.md, Singleton: a second start names who holds the root. */
    private static String alreadyRunning(long pid, Path socket) {
        return "wire: the supervisor is already running (pid " + pid + ", socket " + socket + ")";
    }

    /**
     * The pid of the supervisor answering {@code version} on the socket, or empty when none does.
     * One plain call and a streaming read of {@code result.pid}: this JVM lives for one start, and
     * {@link wire.ipc.RpcClient}'s databind set-up would cost it more than the whole probe.
     */
    private static OptionalLong answeringPid(Path socket) {
        try {
            // A wedged daemon must not hang the caller.
            return resultPid(OneShotCall.call(socket, "version", null, PROBE_TIMEOUT));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code result.pid} of a JSON-RPC response line; empty for an error or any other shape. */
    static OptionalLong resultPid(byte[] reply) throws IOException {
        try (JsonParser parser = JSON.createParser(reply)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return OptionalLong.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String member = parser.currentName();
                JsonToken value = parser.nextToken();
                if (member.equals("result") && value == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String field = parser.currentName();
                        if (parser.nextToken() == JsonToken.VALUE_NUMBER_INT && field.equals("pid")) {
                            return OptionalLong.of(parser.getLongValue());
                        }
                        parser.skipChildren();
                    }
                    return OptionalLong.empty();
                }
                parser.skipChildren();
            }
            return OptionalLong.empty();
        }
    }

    /** The JDK reports a death by signal N as 128 + N. */
    private static String describe(int status) {
        return status > 128 && status < 128 + 65 ? "killed by signal " + (status - 128) : "exit code " + status;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder();
            for (String line : lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())) {
                sb.append("  | ").append(line).append('\n');
            }
            return sb.toString();
        } catch (IOException e) {
            return "  (cannot read " + log + ": " + e.getMessage() + ")\n";
        }
    }
}
