import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;

/**
 * `logs follow` against `tail -f` on the same file, in one run. Run by bench/logs-follow.sh, which
 * starts a daemon with one idle session; this program appends to that session's stdout.log
 * itself (so both readers see the very same writes) and times, for each reader:
 *
 * <ul>
 *   <li>delay: a line carries System.nanoTime() at its write; arrival minus that, for LAT lines
 *       written one write(2) each, 1 ms apart (median, p99, max);
 *   <li>throughput: THR lines written as fast as a 64 KiB buffer allows; lines received divided by
 *       the time from the first write to the last line's arrival.
 * </ul>
 *
 * System.nanoTime() is CLOCK_MONOTONIC, the same clock in every process of the machine, but both
 * readers run in this JVM anyway. Usage: java LogsFollowBench.java SOCKET SESSION LOGFILE LAT THR
 */
public class LogsFollowBench {
    static final class Reader {
        final String name;
        final long[] arrival;
        volatile long received;
        volatile long dropped;

        Reader(String name, int max) {
            this.name = name;
            this.arrival = new long[max + 1];
        }

        void line(String text) {
            long now = System.nanoTime();
            int space = text.indexOf(' ');
            if (space <= 0) {
                return;
            }
            int seq = Integer.parseInt(text, 0, space, 10);
            if (seq == 0) {
                return; // warm-up
            }
            if (seq < arrival.length) {
                arrival[seq] = now;
            }
            received++;
        }
    }

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        String session = args[1];
        Path log = Path.of(args[2]);
        int lat = Integer.parseInt(args[3]);
        int thr = Integer.parseInt(args[4]);
        int total = lat + thr;

        Reader wire = new Reader("wire logs -f", total);
        Reader tail = new Reader("tail -f", total);

        Process tailProcess = new ProcessBuilder("tail", "-n", "0", "-f", log.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread tailThread = Thread.ofPlatform().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(tailProcess.getInputStream(),
                    StandardCharsets.US_ASCII), 1 << 16)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    tail.line(line);
                }
            } catch (Exception e) {
                // tail killed at the end
            }
        });
        // The wire reader speaks the protocol on a raw socket and picks the line out of each
        // notification with a string search, as cheaply as the tail reader splits lines: what is
        // measured is the daemon, not a client library.
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        String request = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logs\",\"params\":{\"session\":\""
                + session + "\",\"tail\":0,\"follow\":true,\"stream\":\"stdout\"}}\n";
        channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                StandardCharsets.UTF_8), 1 << 16);
        String reply = in.readLine();
        if (reply == null || !reply.contains("\"subscription\"")) {
            throw new IllegalStateException("logs failed: " + reply);
        }
        Thread wireThread = Thread.ofPlatform().start(() -> {
            try {
                for (String msg = in.readLine(); msg != null; msg = in.readLine()) {
                    int at = msg.indexOf("\"line\":\"");
                    if (at >= 0) {
                        wire.line(msg.substring(at + 8, msg.indexOf('"', at + 8)));
                    } else {
                        int d = msg.indexOf("\"dropped\":");
                        if (d >= 0) {
                            int e = d + 10;
                            while (e < msg.length() && Character.isDigit(msg.charAt(e))) {
                                e++;
                            }
                            wire.dropped += Long.parseLong(msg, d + 10, e, 10);
                        }
                    }
                }
            } catch (Exception e) {
                // connection closed at the end
            }
        });
        // Warm-up, not measured: both readers see some traffic before the clock starts.
        try (FileOutputStream warm = new FileOutputStream(log.toFile(), true)) {
            for (int i = 0; i < 2000; i++) {
                warm.write(("0 warm-up\n").getBytes(StandardCharsets.US_ASCII));
                if (i % 100 == 0) {
                    Thread.sleep(1);
                }
            }
        }
        Thread.sleep(1000); // tail -f has opened the file and set its inotify watch

        long[] written = new long[total + 1];
        try (FileOutputStream raw = new FileOutputStream(log.toFile(), true)) {
            // Phase 1: delay, one write(2) per line.
            for (int i = 1; i <= lat; i++) {
                long t = System.nanoTime();
                written[i] = t;
                raw.write((i + " " + t + "\n").getBytes(StandardCharsets.US_ASCII));
                Thread.sleep(1);
            }
            waitFor(wire, tail, lat, Duration.ofSeconds(30));
            // Phase 2: throughput, buffered writes as fast as possible.
            long start = System.nanoTime();
            OutputStream out = new BufferedOutputStream(raw, 1 << 16);
            String pad = " x-padding-to-make-an-ordinary-looking-log-line-of-about-eighty-bytes";
            for (int i = lat + 1; i <= total; i++) {
                out.write((i + pad + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            long writeEnd = System.nanoTime();
            waitFor(wire, tail, total, Duration.ofSeconds(120));
            report(wire, tail, written, lat, total, start, writeEnd);
        } finally {
            tailProcess.destroy();
            channel.close();
        }
        tailThread.join(2000);
        wireThread.join(2000);
    }

    static void waitFor(Reader a, Reader b, long count, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        long lastA = -1;
        long lastB = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            boolean done = (a.received + a.dropped) >= count && b.received >= count;
            if (done) {
                return;
            }
            if (a.received != lastA || b.received != lastB) {
                lastA = a.received;
                lastB = b.received;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > 5_000_000_000L) {
                return; // nothing moves any more: report what arrived
            }
            Thread.sleep(2);
        }
    }

    static void report(Reader wire, Reader tail, long[] written, int lat, int total, long start, long writeEnd) {
        double[] dw = delays(wire, written, lat);
        double[] dt = delays(tail, written, lat);
        System.out.printf("delay of %d single-line writes, 1 ms apart (ms):%n", lat);
        System.out.printf("  %-14s %10s %10s %10s %10s%n", "", "median", "p99", "max", "received");
        row("wire logs -f", dw, countIn(wire, 1, lat));
        row("tail -f", dt, countIn(tail, 1, lat));
        System.out.printf("  ratio wire/tail: median %.2fx, p99 %.2fx%n", dw[0] / dt[0], dw[1] / dt[1]);
        double write = (writeEnd - start) / 1e9;
        double lw = last(wire, lat + 1, total, start);
        double lt = last(tail, lat + 1, total, start);
        long nw = countIn(wire, lat + 1, total);
        long nt = countIn(tail, lat + 1, total);
        System.out.printf("throughput, %d lines of ~80 bytes written in %.3f s:%n", total - lat, write);
        System.out.printf("  %-14s %12.0f lines/s  (%d received, %d reported dropped, last after %.3f s)%n",
                "wire logs -f", nw / lw, nw, wire.dropped, lw);
        System.out.printf("  %-14s %12.0f lines/s  (%d received, last after %.3f s)%n", "tail -f", nt / lt, nt, lt);
        System.out.printf("  ratio wire/tail: %.2fx%n", (nw / lw) / (nt / lt));
    }

    static void row(String name, double[] d, long n) {
        System.out.printf("  %-14s %10.3f %10.3f %10.3f %10d%n", name, d[0], d[1], d[2], n);
    }

    static long countIn(Reader r, int from, int to) {
        long n = 0;
        for (int i = from; i <= to; i++) {
            if (r.arrival[i] != 0) {
                n++;
            }
        }
        return n;
    }

    static double last(Reader r, int from, int to, long start) {
        long max = start;
        for (int i = from; i <= to; i++) {
            max = Math.max(max, r.arrival[i]);
        }
        return (max - start) / 1e9;
    }

    /** median, p99, max in ms of arrival - write over lines 1..lat that arrived. */
    static double[] delays(Reader r, long[] written, int lat) {
        double[] d = new double[lat];
        int n = 0;
        for (int i = 1; i <= lat; i++) {
            if (r.arrival[i] != 0) {
                d[n++] = (r.arrival[i] - written[i]) / 1e6;
            }
        }
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        Arrays.sort(d, 0, n);
        return new double[] {d[n / 2], d[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)], d[n - 1]};
    }
}
