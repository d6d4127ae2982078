package wire.ipc;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * One accepted client: a reader thread that parses lines and runs their calls in arrival order,
 * and a writer thread that drains the {@link OutboundQueue} onto the socket.
 *
 * <p>Who writes a reply: when nothing is queued, the writer is idle, the reply opens no stream
 * and the client has sent nothing more yet (the common request, reply, request pattern), the
 * reader writes the reply itself, without waiting for room ({@link ChannelOutput#writeNow});
 * whatever the socket does not take at once is queued ahead of everything else for the writer.
 * That saves waking the writer, a thread hand-off on every round trip. Otherwise, and always for
 * notifications, lines go through the queue, where pipelined replies are written in batches. So
 * the reader never blocks on a write: a client that does not read stops its own reader only
 * through the queue's bound, as before. The output lock orders the two writers; lines leave the
 * queue only under it.
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
    /** Held while bytes go to the socket; the reader only ever tries it. Guards {@link #out}. */
    private final ReentrantLock output = new ReentrantLock();
    private final ChannelOutput out;

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
        this.out = new ChannelOutput(channel, IO_BUFFER);
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
                // A reply that opens a stream goes through the queue with its notifications.
                boolean queueIt = reader.hasBuffered() || !reply.streams().isEmpty();
                if (reply.line() != null && !send(reply.line(), queueIt)) {
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
            log.debug("connection {}: read or write failed: {}", id, e.toString());
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

    /**
     * Writes {@code line} at once if the reader may (see the class comment), else queues it.
     * False when the connection no longer takes lines.
     */
    private boolean send(byte[] line, boolean queueIt) throws IOException, InterruptedException {
        if (!queueIt && output.tryLock()) {
            try {
                // Lines leave the queue only under the lock, so empty here means all of them are written.
                if (queue.isEmpty()) {
                    byte[] rest = out.writeNow(line);
                    // Go to the back of the scheduler's queue before reading on: a reader that
                    // answers its own client at once otherwise runs ahead of other connections'
                    // threads, and with 200 busy clients their p99 doubled (docs/performance.md).
                    Thread.yield();
                    return rest.length == 0 || queue.putFirst(rest);
                }
            } finally {
                output.unlock();
            }
        }
        return queue.put(line);
    }

    private void writeLoop() {
        try {
            while (queue.awaitLine()) {
                output.lock();
                try {
                    byte[] line;
                    while ((line = queue.poll()) != null) {
                        out.write(line);
                    }
                    out.flush();
                } finally {
                    output.unlock();
                }
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
            out.close();
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
