package wire.supervisor.process;

import java.util.Optional;

/**
 * The fields wire reads from {@code /proc/<pid>/stat} (proc(5)): state, process group, session and
 * start time in clock ticks since boot. Pure parsing, no I/O.
 *
 * <p>Field 2, {@code (comm)}, is the executable name as the process chose it: it may hold spaces
 * and parentheses, so the numbered fields are counted from the last {@code ')'} on.
 */
record ProcStat(char state, long processGroup, long session, long startTime) {
    private static final int STATE = 3;
    // 1-based field numbers of proc(5); field 3 (state) is the first one after the comm.
    private static final int FIRST_AFTER_COMM = 3;
    private static final int PGRP = 5;
    private static final int SESSION = 6;
    private static final int STARTTIME = 22;

    /** Parses the content of a stat file; empty when it is truncated or malformed. */
    static Optional<ProcStat> parse(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        String[] fields = stat.substring(close + 1).strip().split(" ");
        if (fields.length <= STARTTIME - FIRST_AFTER_COMM) {
            return Optional.empty();
        }
        try {
            String state = fields[STATE - FIRST_AFTER_COMM];
            if (state.length() != 1) {
                return Optional.empty();
            }
            return Optional.of(new ProcStat(state.charAt(0),
                    Long.parseLong(fields[PGRP - FIRST_AFTER_COMM]),
                    Long.parseLong(fields[SESSION - FIRST_AFTER_COMM]),
                    Long.parseLong(fields[STARTTIME - FIRST_AFTER_COMM])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A zombie (or dead) process has exited and only waits to be reaped: it is not running. */
    boolean exited() {
        return state == 'Z' || state == 'X';
    }
}
