package wire.ipc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * NDJSON framing: {@link LineReader} cutting a stream of {@code status} requests into lines, per
 * line. In the package it measures, as a test would, because the reader is package-private.
 */
public class FramingBench extends MicroBench {
    static final int LINES = 1_000;
    static final String STATUS = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\",\"params\":{\"session\":\"s0001\"}}\n";

    private final byte[] stream = STATUS.repeat(LINES).getBytes(StandardCharsets.UTF_8);

    @Benchmark
    @OperationsPerInvocation(LINES)
    public int statusLines() throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(stream), RpcServer.Options.DEFAULT_MAX_LINE_BYTES);
        int lines = 0;
        while (reader.next() != null) {
            lines++;
        }
        return lines;
    }
}
