package wire.protocol;

/**
 * The signals a session may name as {@code stop_signal}, and that {@code last_exit.signal}
 * reports: the name without {@code SIG}. Numbers are Linux's (x86_64 and aarch64 agree on these).
 */
public enum StopSignal implements WireEnum {
    HUP(1),
    INT(2),
    QUIT(3),
    ABRT(6),
    KILL(9),
    USR1(10),
    SEGV(11),
    USR2(12),
    PIPE(13),
    ALRM(14),
    TERM(15);

    private final int number;

    StopSignal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    @Override
    public String wire() {
        return name();
    }

    /** The name of signal {@code number} without {@code SIG}, or {@code "SIG" + number} if unnamed here. */
    public static String nameOf(int number) {
        for (StopSignal s : values()) {
            if (s.number == number) {
                return s.name();
            }
        }
        return switch (number) {
            case 4 -> "ILL";
            case 5 -> "TRAP";
            case 7 -> "BUS";
            case 8 -> "FPE";
            case 17 -> "CHLD";
            case 18 -> "CONT";
            case 19 -> "STOP";
            case 20 -> "TSTP";
            case 24 -> "XCPU";
            case 25 -> "XFSZ";
            case 31 -> "SYS";
            default -> "SIG" + number;
        };
    }
}
