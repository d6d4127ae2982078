package wire.protocol;

/** {@code SessionStatus.state} (PROTOCOL.md, Objects). */
public enum SessionState implements WireEnum {
    STOPPED("stopped"),
    STARTING("starting"),
    RUNNING("running"),
    BACKOFF("backoff"),
    STOPPING("stopping"),
    FAILED("failed"),
    EXITED("exited"),
    INELIGIBLE("ineligible");

    private final String wire;

    SessionState(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
