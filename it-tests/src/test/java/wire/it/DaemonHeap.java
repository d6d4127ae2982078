package wire.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A daemon JVM's heap, seen from outside: cheaply from its counters, exactly through {@code jcmd}. */
final class DaemonHeap {
    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    /** Heap in use and the most it may grow to (the {@code -Xmx} in effect), with the collections so far. */
    record Sample(long usedBytes, long maxBytes, long youngCollections, long fullCollections) {}

    private DaemonHeap() {}

    /** From the JVM's performance counters (SerialGC's two generations): no process, no pause. */
    static Sample sample(long pid) {
        Map<String, Long> c = PerfCounters.of(pid);
        long used = 0;
        for (String space : List.of("0.space.0", "0.space.1", "0.space.2", "1.space.0")) {
            used += counter(c, "sun.gc.generation." + space + ".used");
        }
        long max = counter(c, "sun.gc.generation.0.maxCapacity") + counter(c, "sun.gc.generation.1.maxCapacity");
        return new Sample(used, max, counter(c, "sun.gc.collector.0.invocations"),
                counter(c, "sun.gc.collector.1.invocations"));
    }

    /** Bytes of live objects, and the histogram's first rows (the classes holding the most) to say what. */
    record Live(long bytes, List<String> top) {}

    /**
     * The live heap: the total of {@code jcmd PID GC.class_histogram}, which runs a full
     * collection first. Costs a JVM start and a pause of the daemon, so a soak takes it now and
     * then, not after every step.
     */
    static Live live(long pid) {
        try {
            Process p = new ProcessBuilder(JCMD.toString(), Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("jcmd " + pid + " GC.class_histogram failed: " + out);
            }
            List<String> lines = out.lines().toList();
            for (String line : lines.reversed()) {
                if (line.startsWith("Total")) {
                    String[] fields = line.trim().split("\\s+");
                    List<String> top = lines.stream().filter(l -> l.matches("\\s*\\d+:\\s+\\d+.*")).limit(12).toList();
                    return new Live(Long.parseLong(fields[2]), top);
                }
            }
            throw new IllegalStateException("no Total in the class histogram of " + pid + ": " + out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + JCMD, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long counter(Map<String, Long> counters, String name) {
        Long value = counters.get(name);
        if (value == null) {
            throw new IllegalStateException("no counter " + name + " (the daemon is expected to run SerialGC)");
        }
        return value;
    }
}
