package wire.cli;

/** Seconds as a person reads them: {@code 0.1s}, {@code 45s}, {@code 5m3s}, {@code 3h12m}, {@code 2d3h}. */
final class Durations {
    private Durations() {}

    static String humanize(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0) {
            return "0s";
        }
        if (seconds < 10 && seconds != Math.floor(seconds)) {
            // Sub-10-second lifetimes are the interesting ones (rapid failures), so keep a decimal.
            return String.format(java.util.Locale.ROOT, "%.1fs", seconds);
        }
        long s = (long) seconds;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return pair(s / 60, "m", s % 60, "s");
        }
        if (s < 86_400) {
            return pair(s / 3600, "h", s % 3600 / 60, "m");
        }
        return pair(s / 86_400, "d", s % 86_400 / 3600, "h");
    }

    private static String pair(long major, String majorUnit, long minor, String minorUnit) {
        return minor == 0 ? major + majorUnit : major + majorUnit + minor + minorUnit;
    }
}
