package wire.protocol;

/** {@code session.json} {@code restart}: what happens when a child ends on its own. */
public enum RestartPolicy implements WireEnum {
    ALWAYS("always"),
    /** Restart unless the exit code was 0. */
    ON_FAILURE("on-failure"),
    NEVER("never");

    private final String wire;

    RestartPolicy(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
