package wire.supervisor.core;

import wire.protocol.RestartPolicy;

/** Whether a child that ended on its own is restarted by its session's policy. */
final class ExitPolicy {
    private ExitPolicy() {}

    /**
     * {@code always}: yes; {@code never}: no; {@code on-failure}: unless the exit code was 0. A
     * child killed by a signal, or whose code is unknown (adopted or external), counts as failed:
     * an unknown end is not evidence of success.
     */
    static boolean restarts(RestartPolicy policy, Integer code) {
        return switch (policy) {
            case ALWAYS -> true;
            case NEVER -> false;
            case ON_FAILURE -> code == null || code != 0;
        };
    }
}
