package wire.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The long counters a HotSpot JVM publishes about itself in {@code /tmp/hsperfdata_<user>/<pid>}
 * (what {@code jstat} reads), read straight from the file: no process to start, no attach, so a
 * test can look at a daemon's heap after every step for the cost of reading 32 KiB.
 *
 * <p>Layout (HotSpot's perfMemory.hpp): a 32-byte prologue (magic {@code 0xcafec0c0} big-endian,
 * then the byte order of everything else, versions, and at offsets 24 and 28 the first entry's
 * offset and the entry count), then entries of a 20-byte header (length, name offset, vector
 * length, type, flags, units, variability, data offset) followed by the name and the value.
 */
final class PerfCounters {
    private static final int MAGIC = 0xcafec0c0;

    private PerfCounters() {}

    /** Every scalar long counter of JVM {@code pid}, by name. */
    static Map<String, Long> of(long pid) {
        // HotSpot writes to /tmp whatever java.io.tmpdir says.
        Path file = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"),
                Long.toString(pid));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("no performance counters for pid " + pid + " at " + file
                    + " (a JVM started with -XX:-UsePerfData has none)", e);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        if (buf.getInt(0) != MAGIC) {
            throw new IllegalStateException(file + " is not a HotSpot performance data file");
        }
        buf.order(buf.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int entry = buf.getInt(24);
        int count = buf.getInt(28);
        Map<String, Long> counters = new HashMap<>();
        for (int i = 0; i < count && entry + 20 <= bytes.length; i++) {
            int length = buf.getInt(entry);
            int nameOffset = buf.getInt(entry + 4);
            int vectorLength = buf.getInt(entry + 8);
            byte type = buf.get(entry + 12);
            int dataOffset = buf.getInt(entry + 16);
            if (length <= 0) {
                break;
            }
            if (vectorLength == 0 && type == 'J') {
                int nameStart = entry + nameOffset;
                int nameEnd = nameStart;
                while (bytes[nameEnd] != 0) {
                    nameEnd++;
                }
                counters.put(new String(bytes, nameStart, nameEnd - nameStart, StandardCharsets.US_ASCII),
                        buf.getLong(entry + dataOffset));
            }
            entry += length;
        }
        return counters;
    }
}
