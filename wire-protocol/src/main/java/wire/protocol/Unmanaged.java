package wire.protocol;

/** A process whose environment names a {@code WIRE_HOME} under the root that nobody manages. */
public record Unmanaged(long pid, String homeDir, String cmdline) {}
