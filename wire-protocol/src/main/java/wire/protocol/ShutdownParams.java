package wire.protocol;

/**
 * Params of {@code shutdown}.
 *
 * @param stopSessions stop every child first; without it they keep running for the next daemon to adopt
 */
public record ShutdownParams(@Params.Default("false") boolean stopSessions) {}
