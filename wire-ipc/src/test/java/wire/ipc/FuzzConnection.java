package wire.ipc;

/** The connection a fuzz target's calls come from: no peer, nothing to close. */
enum FuzzConnection implements ConnectionContext {
    INSTANCE;

    @Override
    public long id() {
        return 0;
    }

    @Override
    public long peerPid() {
        return -1;
    }

    @Override
    public void onClose(Runnable action) {}
}
