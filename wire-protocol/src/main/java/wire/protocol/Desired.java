package wire.protocol;

/** Admin intent of a session, persisted in {@code intent.json}. */
public enum Desired implements WireEnum {
    UP("up"),
    DOWN("down");

    private final String wire;

    Desired(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
