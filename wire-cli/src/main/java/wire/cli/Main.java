package wire.cli;

/**
 * Entry point of the runnable jar. Kept to the bare minimum because every {@code wire} call is a
 * JVM start: no thread pools, and the supervisor's classes load only when {@code wire daemon} runs.
 * {@code supervisor list} and {@code supervisor status} try the {@link FastPath} first, which
 * loads neither picocli nor jackson-databind; whatever it does not handle runs the full CLI.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int fast = new FastPath(System.getenv(), System.out).run(args);
        System.exit(fast != FastPath.NOT_HANDLED ? fast : Cli.commandLine(CliContext.system()).execute(args));
    }
}
