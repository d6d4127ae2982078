package wire.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import wire.ipc.OneShotCall;
import wire.ipc.WirePaths;
import wire.protocol.SessionName;

/**
 * The hot read-only commands without picocli or jackson-databind: {@code wire supervisor list}
 * and {@code wire supervisor status [NAME]}, with {@code --json} and {@code --socket PATH}
 * anywhere. Every {@code wire} call is a whole JVM start, and building the picocli command tree
 * (its jar's classes cannot be AOT-archived, its annotations make proxies) plus databind cost
 * several times what the call itself does (DESIGN.md, "CLI start-up: measured facts";
 * docs/performance.md). So {@link Main} tries this first.
 *
 * <p>It handles only the plain success: a well-formed argument list, a daemon that answers, and a
 * result of the expected shape. Anything else (help, a bad name, any other option or command,
 * the daemon down, an error reply) returns {@link #NOT_HANDLED} before printing anything, and the
 * full CLI runs the command from the start and says what it always says. The output is the full
 * CLI's, byte for byte ({@code FastPathTest}).
 */
final class FastPath {
    static final int NOT_HANDLED = -1;

    private final Map<String, String> env;
    private final OutputStream stdout;

    FastPath(Map<String, String> env, OutputStream stdout) {
        this.env = env;
        this.stdout = stdout;
    }

    /** The argument list this path understands: {@code supervisor list|status [NAME]}, {@code --json}, {@code --socket PATH}. */
    record Call(String verb, String name, boolean json, Path socket) {}

    static Call parse(String[] args) {
        boolean json = false;
        Path socket = null;
        String verb = null;
        String name = null;
        int words = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--json")) {
                if (json) {
                    return null; // given twice to one command it is a usage error: the full CLI says so
                }
                json = true;
            } else if (a.equals("--socket") && i + 1 < args.length && !args[i + 1].startsWith("-") && socket == null) {
                socket = Path.of(args[++i]);
            } else if (a.startsWith("--socket=") && a.length() > 9 && socket == null) {
                socket = Path.of(a.substring(9));
            } else if (a.startsWith("-")) {
                return null;
            } else if (words == 0 && a.equals("supervisor")) {
                words++;
            } else if (words == 1 && (a.equals("list") || a.equals("status"))) {
                verb = a;
                words++;
            } else if (words == 2 && verb.equals("status") && SessionName.isValid(a)) {
                name = a;
                words++;
            } else {
                return null;
            }
        }
        return verb == null ? null : new Call(verb, name, json, socket);
    }

    /** Runs {@code args} and returns the exit code, or {@link #NOT_HANDLED} having printed nothing. */
    int run(String[] args) {
        Call call = parse(args);
        if (call == null) {
            return NOT_HANDLED;
        }
        Object result;
        try {
            Path socket = call.socket() != null ? call.socket() : WirePaths.socket(env);
            String method = call.name() == null ? "list" : "status";
            String params = call.name() == null ? null : "{\"session\":\"" + call.name() + "\"}";
            Object reply = LeanJson.parse(OneShotCall.call(socket, method, params));
            if (LeanJson.present(reply, "error") || !(LeanJson.get(reply, "result") instanceof Map<?, ?> r)) {
                return NOT_HANDLED;
            }
            result = r;
        } catch (IOException | RuntimeException e) {
            return NOT_HANDLED;
        }
        String text;
        Object shown = result;
        if (call.verb().equals("list")) {
            if (!(LeanJson.get(result, "sessions") instanceof List)) {
                return NOT_HANDLED;
            }
            text = LeanRender.list(result);
        } else if (call.name() != null) {
            text = LeanRender.status((Map<?, ?>) result);
        } else {
            if (!(LeanJson.get(result, "supervisor") instanceof Map<?, ?> supervisor)
                    || !(LeanJson.get(result, "sessions") instanceof List<?> sessions)) {
                return NOT_HANDLED;
            }
            shown = supervisor;
            text = LeanRender.status(supervisor) + LeanRender.sessionCounts(sessions);
        }
        PrintWriter out = writer(stdout);
        if (call.json()) {
            out.println(LeanJson.write(shown));
        } else {
            out.print(text);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The writer picocli gives the full CLI: {@code sun.stdout.encoding}, else the default charset. */
    private static PrintWriter writer(OutputStream stdout) {
        String name = System.getProperty("sun.stdout.encoding");
        Charset charset;
        try {
            charset = name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (RuntimeException e) {
            charset = Charset.defaultCharset();
        }
        return new PrintWriter(new OutputStreamWriter(stdout, charset));
    }
}
