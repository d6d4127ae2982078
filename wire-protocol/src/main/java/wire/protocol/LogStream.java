package wire.protocol;

/** Which output of a session {@code logs} reads, and which one a {@code log} line came from. */
public enum LogStream implements WireEnum {
    STDOUT("stdout"),
    STDERR("stderr"),
    /** Both files: {@code tail} counts per stream (PROTOCOL.md, Notifications). Never on a {@code log} line. */
    BOTH("both");

    private final String wire;

    LogStream(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
