package wire.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Latency percentiles (nearest rank) of a set of samples in nanoseconds, reported in microseconds. */
final class Percentiles {
    private Percentiles() {}

    static Map<String, Object> of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", sorted.length);
        out.put("p50_us", micros(rank(sorted, 0.50)));
        out.put("p99_us", micros(rank(sorted, 0.99)));
        out.put("p999_us", micros(rank(sorted, 0.999)));
        out.put("max_us", micros(sorted[sorted.length - 1]));
        out.put("mean_us", micros((long) Arrays.stream(sorted).average().orElse(0)));
        return out;
    }

    /** Nearest rank; rounded first so 0.99 * 20,000 is 19,800, not 19,800.000000000004. */
    static long rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(Math.round(quantile * sorted.length * 1e6) / 1e6) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)];
    }

    private static double micros(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }
}
