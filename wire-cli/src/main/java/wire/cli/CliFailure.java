package wire.cli;

/**
 * An expected failure: the message is printed as one line ({@code wire: ...}) and the process exits
 * with {@link #exitCode()}, never with a stack trace.
 */
final class CliFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CliFailure failed(String message) {
        return new CliFailure(ExitCodes.FAILED, message);
    }

    static CliFailure usage(String message) {
        return new CliFailure(ExitCodes.USAGE, message);
    }

    int exitCode() {
        return exitCode;
    }
}
