package wire.ipc;

import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.slf4j.LoggerFactory;
import wire.bench.Samples;
import wire.protocol.Params;
import wire.protocol.SessionParams;
import wire.protocol.SessionStatus;

/**
 * All the CPU work wire-ipc does for one {@code status} request between reading its line and
 * queueing the reply bytes, with a handler that answers a canned status: decode, params, call,
 * result to tree, encode. The socket and the supervisor loop are not in it.
 */
public class DispatchBench extends MicroBench {
    private static final ConnectionContext CONNECTION = new ConnectionContext() {
        @Override
        public long id() {
            return 1;
        }

        @Override
        public long peerPid() {
            return -1;
        }

        @Override
        public void onClose(Runnable action) {}
    };

    private final SessionStatus canned = Samples.status(1);
    private final Dispatcher dispatcher = new Dispatcher(call -> {
        Params.decode(call.params(), SessionParams.class);
        return canned;
    }, RpcServer.Options.DEFAULT_MAX_LINE_BYTES, LoggerFactory.getLogger(DispatchBench.class));
    private final LineReader.Data line =
            new LineReader.Data(FramingBench.STATUS.trim().getBytes(StandardCharsets.UTF_8));

    @Benchmark
    public Dispatcher.Reply statusRequest() {
        return dispatcher.dispatch(line, CONNECTION);
    }
}
