package wire.protocol;

/** Who started the process a session is running (PROTOCOL.md, SessionStatus.owner). */
public enum Owner implements WireEnum {
    /** Spawned by this daemon. */
    SUPERVISOR("supervisor"),
    /** Spawned by an earlier daemon and taken over after a restart of the supervisor. */
    ADOPTED("adopted"),
    /** Started by someone else (a hand-run {@code wire daemon}); left alone until it exits. */
    EXTERNAL("external");

    private final String wire;

    Owner(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
