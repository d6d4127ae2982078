package wire.it;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A helper child that writes numbered lines: {@code Chatty COUNT STDERR_EVERY BURST PAUSE_MS GO}.
 * Line {@code i} (1 … COUNT, or without end when COUNT is 0) goes to stderr when
 * {@code STDERR_EVERY > 0 && i % STDERR_EVERY == 0}, else to stdout. After every {@code BURST}
 * lines it flushes and sleeps {@code PAUSE_MS} (0: as fast as it can, 64 KiB buffers). With GO
 * not {@code -} it first waits for the file {@code $WIRE_HOME/GO}. When done it writes
 * {@code $WIRE_HOME/chatty.done} and sleeps, so the session stays up and never writes twice.
 * Run it as {@code java -cp <test classes> wire.it.Chatty ...}.
 */
public final class Chatty {
    private Chatty() {}

    /** The argv of a session running this helper. */
    public static String command(long count, int stderrEvery, int burst, int pauseMillis, String go) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return "[\"" + java + "\", \"-Xmx64m\", \"-cp\", \"" + System.getProperty("wire.testClasses")
                + "\", \"wire.it.Chatty\", \"" + count + "\", \"" + stderrEvery + "\", \"" + burst + "\", \""
                + pauseMillis + "\", \"" + go + "\"]";
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        long count = Long.parseLong(args[0]);
        int stderrEvery = Integer.parseInt(args[1]);
        int burst = Integer.parseInt(args[2]);
        int pause = Integer.parseInt(args[3]);
        Path home = Path.of(System.getenv("WIRE_HOME"));
        if (!args[4].equals("-")) {
            while (!Files.exists(home.resolve(args[4]))) {
                Thread.sleep(5);
            }
        }
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
        OutputStream err = new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), 64 * 1024);
        for (long i = 1; count == 0 || i <= count; i++) {
            byte[] line = (i + "\n").getBytes(StandardCharsets.US_ASCII);
            (stderrEvery > 0 && i % stderrEvery == 0 ? err : out).write(line);
            if (burst > 0 && i % burst == 0) {
                out.flush();
                err.flush();
                if (pause > 0) {
                    Thread.sleep(pause);
                }
            }
        }
        out.flush();
        err.flush();
        Files.writeString(home.resolve("chatty.done"), "done\n");
        Thread.sleep(Long.MAX_VALUE);
    }
}
