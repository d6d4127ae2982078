package wire.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build of wire, as the daemon reports it and children record it. */
public final class WireVersion {
    private static final String CURRENT = load();

    private WireVersion() {}

    public static String current() {
        return CURRENT;
    }

    /**
     * Whether dotted-integer version {@code a} is older than {@code b} ("0.9.0" < "0.10.0");
     * a missing segment counts as 0, and anything unparseable is never older (a pre-release
     * suffix must not flag a child as stale by mistake).
     */
    public static boolean isOlder(String a, String b) {
        long[] av = parse(a);
        long[] bv = parse(b);
        if (av == null || bv == null) {
            return false;
        }
        for (int i = 0; i < Math.max(av.length, bv.length); i++) {
            long x = i < av.length ? av[i] : 0;
            long y = i < bv.length ? bv[i] : 0;
            if (x != y) {
                return x < y;
            }
        }
        return false;
    }

    private static long[] parse(String version) {
        if (version == null || version.isBlank()) {
            return null;
        }
        String[] parts = version.trim().split("\\.", -1);
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty() || !parts[i].chars().allMatch(Character::isDigit) || parts[i].length() > 9) {
                return null;
            }
            out[i] = Long.parseLong(parts[i]);
        }
        return out;
    }

    private static String load() {
        try (InputStream in = WireVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "0.0.0";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "0.0.0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
