package wire.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code wire} in-process against a temp {@code WIRE_ROOT} and a {@link FakeDaemon},
 * capturing stdout and stderr the way picocli's own ExecuteTest does.
 */
final class CliRun {
    static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");

    final Path root;
    final FakeDaemon daemon;
    final Map<String, String> env = new HashMap<>();

    CliRun(Path root, FakeDaemon daemon) {
        this.root = root;
        this.daemon = daemon;
        env.put("WIRE_ROOT", root.toString());
        env.put("HOME", root.toString());
    }

    Result run(String... args) {
        CliContext ctx = new CliContext(env, daemon, Clock.fixed(NOW, ZoneOffset.UTC));
        CommandLine cl = Cli.commandLine(ctx);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    Path socket() {
        return root.resolve("supervisor.sock");
    }

    Path home(String name) {
        return root.resolve("sessions").resolve(name);
    }

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
