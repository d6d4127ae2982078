package wire.cli;

/**
 * Entry point of the runnable jar. Kept to the bare minimum because every {@code wire} call is a
 * JVM start: no thread pools, and the supervisor's classes load only when {@code wire daemon} runs.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.commandLine(CliContext.system()).execute(args));
    }
}
