package wire.protocol;

import java.time.Instant;

/**
 * How a child ended ({@code last_exit.json}, {@code SessionStatus.last_exit}). {@code code} and
 * {@code signal} are both null when the exit status could not be known (adopted or external
 * children are not ours to reap), never invented.
 *
 * @param signal the signal's name without {@code SIG} ({@code "KILL"}), or null
 * @param livedSecs how long the child ran, in seconds, or null when unknown
 */
public record LastExit(Integer code, @Nullable String signal, Instant at, Double livedSecs) {}
