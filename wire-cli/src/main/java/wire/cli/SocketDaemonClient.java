package wire.cli;

import java.nio.file.Path;

/** Placeholder until wire-ipc's RpcClient lands: the real socket client goes here. */
final class SocketDaemonClient {
    private SocketDaemonClient() {}

    static DaemonClient connect(Path socket) throws DaemonDown {
        throw new DaemonDown(socket, "this build has no socket client yet");
    }
}
