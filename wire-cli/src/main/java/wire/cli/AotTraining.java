package wire.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * The workloads {@code bin/wire} records its two JDK AOT caches from ({@code java
 * -XX:AOTCacheOutput=... -cp wire.jar wire.cli.AotTraining [full]}), against an
 * {@link AotStandIn} daemon in this process, so a cache holds the classes, linked call sites and
 * method profiles of real calls whether or not a supervisor runs while it is made (training on a
 * real call made a different cache with the daemon down: the offline path's).
 *
 * <p>Two caches, because every class in a cache is loaded at the start of every call that uses
 * it: the lean one ({@code wire.aot}) holds only {@code supervisor list} and {@code status} on the
 * {@link FastPath}, text and {@code --json}; the full one ({@code wire-full.aot}) holds picocli,
 * databind and the RPC client as every other command loads them. Prints nothing; exits 1 if a
 * call did not end as it should.
 */
final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        boolean full = args.length == 1 && args[0].equals("full");
        if (!(full ? runFull() : run())) {
            System.exit(1);
        }
    }

    /** Runs every fast path call once; false if one was not served. */
    static boolean run() throws IOException {
        try (AotStandIn daemon = new AotStandIn()) {
            Map<String, String> env = env(daemon);
            // Not `status NAME`: checking the name links SessionName, whose verification loads some
            // 40 jackson classes, and every class in the cache is loaded at the start of every call.
            String[][] calls = {
                {"supervisor", "list"}, {"supervisor", "list", "--json"}, {"supervisor", "status"},
                {"supervisor", "status", "--json"}, {"supervisor", "list"},
            };
            for (String[] call : calls) {
                if (Main.fast(call, env, OutputStream.nullOutputStream()) != ExitCodes.OK) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Runs the full CLI (picocli, databind, the RPC client) on the commands people type besides
     * {@code list}: help, version, the session verbs, reload, the full {@code list} and an error
     * reply; false if one did not end with the exit code it should.
     */
    static boolean runFull() throws IOException {
        try (AotStandIn daemon = new AotStandIn()) {
            CliContext ctx = new CliContext(env(daemon), SocketDaemonClient::connect, Clock.systemUTC());
            Object[][] calls = {
                {ExitCodes.OK, new String[] {"--help"}},
                {ExitCodes.OK, new String[] {"supervisor", "version"}},
                {ExitCodes.OK, new String[] {"supervisor", "restart", "s0000"}},
                {ExitCodes.OK, new String[] {"supervisor", "stop", "s0000"}},
                {ExitCodes.OK, new String[] {"supervisor", "start", "s0000"}},
                {ExitCodes.OK, new String[] {"supervisor", "status", "s0000", "--json"}},
                {ExitCodes.OK, new String[] {"supervisor", "reload"}},
                {ExitCodes.OK, new String[] {"supervisor", "list", "--json"}},
                {ExitCodes.FAILED, new String[] {"supervisor", "restart", AotStandIn.MISSING}},
                {ExitCodes.USAGE, new String[] {"supervisor", "restrat"}},
            };
            PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream());
            for (Object[] call : calls) {
                CommandLine cl = Cli.commandLine(ctx);
                cl.setOut(nowhere);
                cl.setErr(nowhere);
                int exit = cl.execute((String[]) call[1]);
                if (exit != (int) call[0]) {
                    System.err.println("wire " + String.join(" ", (String[]) call[1]) + ": exit " + exit + ", not " + call[0]);
                    return false;
                }
            }
            return true;
        }
    }

    private static Map<String, String> env(AotStandIn daemon) {
        Map<String, String> env = new HashMap<>(System.getenv()); // as Main reads it
        env.put("WIRE_SOCKET", daemon.socket().toString());
        return env;
    }
}
