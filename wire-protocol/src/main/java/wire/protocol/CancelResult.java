package wire.protocol;

/** Result of {@code cancel}: false when no such stream was open on this connection (already ended). */
public record CancelResult(boolean cancelled) {}
