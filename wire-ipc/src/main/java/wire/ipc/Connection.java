package wire.ipc;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * One accepted client: a reader thread that parses lines and runs their calls in arrival order,
 * and a writer thread that drains the {@link OutboundQueue} onto the socket. The two share only
 * the queue, never a lock around I/O, so a blocked write cannot stop a read or the reverse.
 *
 * <p>End of input means the client is done: what is already queued is still written (so
 * {@code printf ... | socat -} gets its replies), then the socket closes. An I/O error or
 * {@link #close()} drops the queue and closes at once. Either way the close actions run once,
 * as soon as the connection stops accepting lines.
 */
final class Connection implements ConnectionContext {
    private static final int IO_BUFFER = 16 * 1024;

    private final long id;
    private final SocketChannel channel;
    private final RpcServer.Options options;
    private final Dispatcher dispatcher;
    private final Logger log;
    private final Consumer<Connection> onGone;
    private final OutboundQueue queue;
    private final ConnectionSink sink;

    private final Object closeLock = new Object();
    private List<Runnable> closeActions = new ArrayList<>();
    private volatile boolean closing;
    private boolean gone;

    Connection(long id, SocketChannel channel, RpcServer.Options options, Dispatcher dispatcher, Logger log,
            Consumer<Connection> onGone) {
        this.id = id;
        this.channel = Objects.requireNonNull(channel, "channel");
        this.options = options;
        this.dispatcher = dispatcher;
        this.log = log;
        this.onGone = onGone;
        this.queue = new OutboundQueue(options.outboundBytes(), options.notificationBytes(), options.notificationCount());
        this.sink = new ConnectionSink(this, queue, options.finalOfferWait());
    }

    @Override
    public long id() {
        return id;
    }

    /** Always -1: the JDK's SO_PEERCRED reports the peer's uid and gid but not its pid. */
    @Override
    public long peerPid() {
        return -1;
    }

    @Override
    public void onClose(Runnable action) {
        Objects.requireNonNull(action, "action");
        synchronized (closeLock) {
            if (closeActions != null) {
                closeActions.add(action);
                return;
            }
        }
        runSafely(action);
    }

    boolean isOpen() {
        return !closing;
    }

    long queuedBytes() {
        return queue.queuedBytes();
    }

    /** Runs the reader on the calling thread after starting the writer; returns when input ends. */
    void serve() {
        Thread.ofVirtual().name("wire-rpc-" + id + "-writer").start(this::writeLoop);
        LineReader reader = new LineReader(new ChannelInput(channel, IO_BUFFER), options.maxLineBytes());
        try {
            LineReader.Line line;
            while (!closing && (line = reader.next()) != null) {
                Dispatcher.Reply reply = dispatcher.dispatch(line, this);
                if (reply.line() != null && !queue.put(reply.line())) {
                    return;
                }
                // The reply is queued ahead of anything these streams will send.
                for (StreamOpening stream : reply.streams()) {
                    startStream(stream);
                }
            }
            finish();
        } catch (ClosedChannelException e) {
            close();
        } catch (IOException e) {
            log.debug("connection {}: read failed: {}", id, e.toString());
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        }
    }

    /** Drops whatever is queued and closes the socket now. Idempotent. */
    void close() {
        queue.abort();
        stopAccepting();
        closeChannel();
    }

    /** Input ended: write what is queued, then close. */
    private void finish() {
        queue.finish();
        stopAccepting();
    }

    private void startStream(StreamOpening stream) {
        try {
            stream.start().accept(sink);
        } catch (RuntimeException e) {
            log.error("connection {}: starting a stream failed", id, e);
        }
    }

    private void writeLoop() {
        ChannelOutput out = new ChannelOutput(channel, IO_BUFFER);
        try {
            byte[] line;
            while ((line = queue.take()) != null) {
                out.write(line);
                while ((line = queue.poll()) != null) {
                    out.write(line);
                }
                out.flush();
            }
        } catch (IOException e) {
            log.debug("connection {}: write failed: {}", id, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    private void stopAccepting() {
        List<Runnable> actions;
        synchronized (closeLock) {
            closing = true;
            actions = closeActions;
            closeActions = null;
        }
        if (actions != null) {
            actions.forEach(this::runSafely);
        }
    }

    private void closeChannel() {
        synchronized (closeLock) {
            if (gone) {
                return;
            }
            gone = true;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("connection {}: close failed: {}", id, e.toString());
        }
        onGone.accept(this);
    }

    private void runSafely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.error("connection {}: a close action failed", id, e);
        }
    }
}
