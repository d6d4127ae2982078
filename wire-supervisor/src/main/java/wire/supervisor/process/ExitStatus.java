package wire.supervisor.process;

/**
 * How a process ended: an exit {@code code}, or the {@code signal} (name without SIG, "KILL")
 * that killed it; both null when unknown (the process was not our child).
 */
public record ExitStatus(Integer code, String signal) {
    public static final ExitStatus UNKNOWN = new ExitStatus(null, null);

    public static ExitStatus exited(int code) {
        return new ExitStatus(code, null);
    }

    public static ExitStatus killedBy(String signal) {
        return new ExitStatus(null, signal);
    }

    public boolean known() {
        return code != null || signal != null;
    }
}
