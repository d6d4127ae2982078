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
            return oneDecimal(seconds) + "s";
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

    /**
     * {@code String.format(Locale.ROOT, "%.1f", x)} for {@code 0 <= x < 10} without a
     * {@code Formatter}, whose set-up costs a short-lived CLI more than its whole table: the
     * shortest decimal of {@code x} ({@link Double#toString}) rounded half up to tenths, as
     * {@code Formatter} rounds.
     */
    static String oneDecimal(double x) {
        String s = Double.toString(x);
        if (s.indexOf('E') >= 0) {
            return "0.0"; // Double.toString switches to E notation below 10^-3
        }
        int dot = s.indexOf('.');
        int tenths = Integer.parseInt(s, 0, dot, 10) * 10 + (s.charAt(dot + 1) - '0');
        if (dot + 2 < s.length() && s.charAt(dot + 2) >= '5') {
            tenths++;
        }
        return tenths / 10 + "." + tenths % 10;
    }

    private static String pair(long major, String majorUnit, long minor, String minorUnit) {
        return minor == 0 ? major + majorUnit : major + majorUnit + minor + minorUnit;
    }
}
