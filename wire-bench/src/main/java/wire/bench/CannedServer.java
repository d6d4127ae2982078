package wire.bench;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import wire.ipc.RpcServer;
import wire.protocol.ErrorCode;
import wire.protocol.Methods;
import wire.protocol.Params;
import wire.protocol.RpcException;
import wire.protocol.SessionParams;
import wire.protocol.SessionStatus;

/**
 * wire's RPC server with a canned {@code status} and no supervisor behind it: the same framing,
 * decoding, params check and encoding as the daemon, minus the loop and the files a real status
 * reads. Against the daemon's figures it splits a round trip into transport and supervisor.
 *
 * <pre>java -cp wire-bench/target/benchmarks.jar wire.bench.CannedServer SOCKET</pre>
 *
 * Prints {@code ready} once the socket answers; serves until killed.
 */
public final class CannedServer {
    private CannedServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CannedServer SOCKET");
        }
        SessionStatus canned = Samples.status(0);
        RpcServer server = RpcServer.start(Path.of(args[0]), call -> {
            if (!Methods.STATUS.equals(call.method())) {
                throw new RpcException(ErrorCode.METHOD_NOT_FOUND, "method not found: " + call.method(), null);
            }
            Params.decode(call.params(), SessionParams.class);
            return canned;
        }, RpcServer.Options.defaults());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("ready");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
