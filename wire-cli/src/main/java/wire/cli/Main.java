package wire.cli;

import java.io.OutputStream;
import java.util.Map;

/**
 * Entry point of the runnable jar. Kept to the bare minimum because every {@code wire} call is a
 * JVM start: no thread pools, and the supervisor's classes load only when {@code wire daemon} runs.
 * {@code supervisor list} and {@code supervisor status} try the {@link FastPath} first, which
 * loads neither picocli nor jackson-databind, and the plain {@code daemon --all-sessions} skips
 * picocli too; whatever neither handles runs the full CLI.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("daemon") && args[1].equals("--all-sessions")) {
            System.exit(DaemonCommand.plainDetachingStart(System.getenv()));
        }
        int fast = fast(args, System.getenv(), System.out);
        if (fast == ExitCodes.OK) {
            // Returning exits 0 as well, without System.exit: since JDK 21 that sets up the JDK's
            // logging to log the exit, which costs the fast path a few milliseconds more.
            return;
        }
        System.exit(fast != FastPath.NOT_HANDLED ? fast : Cli.commandLine(CliContext.system()).execute(args));
    }

    /** The {@link FastPath} as {@link #main} runs it: {@link FastPath#NOT_HANDLED} or the exit code. */
    static int fast(String[] args, Map<String, String> env, OutputStream stdout) {
        return new FastPath(env, stdout).run(args);
    }
}
