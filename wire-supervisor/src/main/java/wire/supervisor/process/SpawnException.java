package wire.supervisor.process;

/** A program could not be started; the message is the operating system's, with the path. */
public final class SpawnException extends Exception {
    private static final long serialVersionUID = 1L;

    public SpawnException(String message) {
        super(message);
    }
}
