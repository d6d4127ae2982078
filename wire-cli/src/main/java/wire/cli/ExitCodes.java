package wire.cli;

/**
 * Every exit code {@code wire} returns (DESIGN.md, "CLI"). Nothing else in the CLI invents a
 * number: commands return one of these or throw a {@link CliFailure} carrying one.
 */
final class ExitCodes {
    /** The command did what was asked. */
    static final int OK = 0;
    /** The operation failed: an RPC error reply, a bulk result with any failure, a refused change. */
    static final int FAILED = 1;
    /** The command line itself was wrong: unknown command or option, bad value, bad session name. */
    static final int USAGE = 2;
    /** The supervisor daemon is not reachable and the command cannot do its job without it. */
    static final int UNREACHABLE = 3;

    private ExitCodes() {}
}
