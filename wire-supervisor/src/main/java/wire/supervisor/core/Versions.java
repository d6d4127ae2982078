package wire.supervisor.core;

import java.util.Optional;

/** Dotted-integer version comparison for stale-binary detection (DESIGN.md, "Stale binaries"). */
final class Versions {
    private Versions() {}

    /**
     * True when {@code child} is strictly older than {@code supervisor}, both dotted integers
     * ({@code 0.9.0 < 0.10.0}; a missing part is 0). Anything unparseable ({@code 0.14.2-rc.1},
     * garbage, null) is not older: a false "stale" would restart a healthy child.
     */
    static boolean older(String child, String supervisor) {
        Optional<long[]> a = parse(child);
        Optional<long[]> b = parse(supervisor);
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        long[] x = a.get();
        long[] y = b.get();
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? x[i] : 0;
            long q = i < y.length ? y[i] : 0;
            if (p != q) {
                return p < q;
            }
        }
        return false;
    }

    private static Optional<long[]> parse(String v) {
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        String[] parts = v.trim().split("\\.", -1);
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].matches("[0-9]{1,18}")) {
                return Optional.empty();
            }
            out[i] = Long.parseLong(parts[i]);
        }
        return Optional.of(out);
    }
}
