package wire.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The writer's buffer over a real pipe: what {@link ChannelOutput#writeNow} leaves when the pipe is full. */
class ChannelOutputTest {

    private static byte[] bytes(int size, long seed) {
        byte[] out = new byte[size];
        new Random(seed).nextBytes(out);
        return out;
    }

    private static byte[] drain(Pipe.SourceChannel source) throws IOException {
        source.configureBlocking(false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        int n;
        while ((n = source.read(buffer.clear())) > 0) {
            out.write(buffer.array(), 0, n);
        }
        return out.toByteArray();
    }

    @Test
    void writeNowSendsEverythingThePipeHasRoomFor() throws IOException {
        Pipe pipe = Pipe.open();
        ChannelOutput out = new ChannelOutput(pipe.sink(), 1024);
        byte[] line = bytes(3000, 1); // larger than the buffer, smaller than the pipe
        assertEquals(0, out.writeNow(line).length);
        assertArrayEquals(line, drain(pipe.source()));
        assertTrue(pipe.sink().isBlocking(), "blocking again afterwards");
    }

    @Test
    void writeNowReturnsWhatAFullPipeDidNotTakeWithoutWaiting() throws IOException {
        Pipe pipe = Pipe.open();
        ChannelOutput out = new ChannelOutput(pipe.sink(), 16 * 1024);
        byte[] line = bytes(8 << 20, 2); // far more than a pipe holds
        byte[] rest = out.writeNow(line);
        assertTrue(rest.length > 0 && rest.length < line.length, "partly written: " + rest.length);
        byte[] written = drain(pipe.source());
        assertEquals(line.length, written.length + rest.length);
        assertArrayEquals(Arrays.copyOf(line, written.length), written);
        assertArrayEquals(Arrays.copyOfRange(line, written.length, line.length), rest);
        assertTrue(pipe.sink().isBlocking(), "blocking again afterwards");
    }

    @Test
    void bufferedWritesGoOutOnFlush() throws IOException {
        Pipe pipe = Pipe.open();
        ChannelOutput out = new ChannelOutput(pipe.sink(), 1024);
        byte[] a = bytes(700, 3);
        byte[] b = bytes(900, 4);
        out.write(a);
        out.write(b);
        out.flush();
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertArrayEquals(both, drain(pipe.source()));
    }
}
