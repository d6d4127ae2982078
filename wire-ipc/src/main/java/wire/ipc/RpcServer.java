package wire.ipc;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's JSON-RPC 2.0 server on a Unix domain socket (PROTOCOL.md). It does framing, the
 * whole of JSON-RPC and the peer check; the {@link MethodHandler} does the methods.
 *
 * <h2>Design</h2>
 *
 * <b>Threads.</b> One accept thread. Per accepted connection, one virtual thread checks the
 * peer's uid (SO_PEERCRED, see {@link PeerPolicy}), then becomes the connection's reader, and
 * starts a second virtual thread as its writer. The reader never waits for the socket to take
 * a write: a client that stops reading blocks only its own writer (and, once the queue below is
 * full, its own reader).
 *
 * <p><b>Ordering.</b> The reader handles one line at a time: it calls the handler, queues the
 * reply, and only then reads the next line. So replies leave in request order and pipelining
 * needs nothing more. A {@link StreamOpening} is started after its reply is queued, and the
 * queue is FIFO, so no notification can overtake the response that opened its stream.
 *
 * <p><b>Queues.</b> Each connection has one bounded outbound queue ({@link OutboundQueue}). A
 * reply waits for room, which stops that connection's reader: backpressure falls on the slow
 * client alone. A notification never waits; past {@link Options#notificationBytes} or
 * {@link Options#notificationCount} it is refused, and the stream counts what it dropped. The
 * end of a stream may wait up to {@link Options#finalOfferWait}. The writer drains the queue
 * into a buffer and flushes whenever the queue is empty. A reply to a request that nothing
 * follows yet, with nothing queued, is written by the reader itself as far as the socket takes
 * it at once, sparing a thread hand-off per round trip ({@link Connection}).
 *
 * <p><b>Lifetime.</b> Idle connections are never closed. End of input writes what is queued,
 * then closes; an I/O error or {@link #close()} closes at once. Every
 * {@link ConnectionContext#onClose} action runs once either way. {@link #onAllClosed} tells the
 * embedding daemon when the last open connection is gone, the moment a burst of clients is over.
 *
 * <p><b>The socket file</b> is created by {@link SocketBinder} (0700 directory, 0600 socket,
 * never taking over a live one). {@link #isBoundPathIntact()} and {@link #rebind()} let the
 * daemon heal a socket file that someone deleted or replaced.
 */
public final class RpcServer implements AutoCloseable {

    /**
     * Limits and names.
     *
     * @param maxLineBytes longest request line, without its newline (PROTOCOL.md: 1 MiB)
     * @param outboundBytes queued bytes per connection past which replies wait for room
     * @param notificationBytes queued bytes per connection past which notifications are refused;
     *     below {@code outboundBytes} so replies always find room a stream cannot take
     * @param notificationCount queued lines per connection past which notifications are refused
     * @param finalOfferWait how long {@link NotificationSink#offerFinal} waits for room
     * @param loggerName the slf4j logger for refusals, failures and I/O trouble
     */
    public record Options(int maxLineBytes, long outboundBytes, long notificationBytes, int notificationCount,
            Duration finalOfferWait, String loggerName) {
        public static final int DEFAULT_MAX_LINE_BYTES = 1_048_576;

        public Options {
            if (maxLineBytes < 1) {
                throw new IllegalArgumentException("maxLineBytes < 1: " + maxLineBytes);
            }
            if (notificationBytes < 1 || outboundBytes < notificationBytes) {
                throw new IllegalArgumentException(
                        "need 0 < notificationBytes <= outboundBytes: " + notificationBytes + ", " + outboundBytes);
            }
            if (notificationCount < 1) {
                throw new IllegalArgumentException("notificationCount < 1: " + notificationCount);
            }
            Objects.requireNonNull(finalOfferWait, "finalOfferWait");
            Objects.requireNonNull(loggerName, "loggerName");
        }

        /** 1 MiB lines, replies wait past 5 MiB, notifications refused past 4 MiB or 16,384 lines, 5 s final wait. */
        public static Options defaults() {
            return new Options(DEFAULT_MAX_LINE_BYTES, 5L << 20, 4L << 20, 16_384, Duration.ofSeconds(5),
                    RpcServer.class.getName());
        }

        public Options withLoggerName(String name) {
            return new Options(maxLineBytes, outboundBytes, notificationBytes, notificationCount, finalOfferWait, name);
        }

        public Options withOutbound(long outbound, long notifications, int count) {
            return new Options(maxLineBytes, outbound, notifications, count, finalOfferWait, loggerName);
        }
    }

    /** Pause after an accept error (say, out of file descriptors) so the loop does not spin. */
    private static final long ACCEPT_ERROR_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Path socket;
    private final Options options;
    private final Logger log;
    private final Dispatcher dispatcher;
    private final AtomicLong ids = new AtomicLong();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Object bindLock = new Object();
    private final PeerPolicy peers;
    private volatile SocketBinder.Bound bound;
    private volatile boolean closed;
    private volatile Runnable allClosed = () -> {};
    private final Thread acceptThread;

    private RpcServer(Path socket, MethodHandler handler, Options options) throws IOException {
        this.socket = socket;
        this.options = options;
        this.log = LoggerFactory.getLogger(options.loggerName());
        this.dispatcher = new Dispatcher(handler, options.maxLineBytes(), log);
        this.bound = SocketBinder.bind(socket);
        try {
            this.peers = PeerPolicy.ownerOf(socket);
        } catch (IOException e) {
            bound.channel().close();
            SocketBinder.unlinkIfOurs(socket, bound);
            throw e;
        }
        this.acceptThread = Thread.ofPlatform().daemon().name("wire-rpc-accept").unstarted(this::acceptLoop);
    }

    /**
     * Binds {@code socket} and starts serving.
     *
     * @throws SocketInUseException when a live server already answers there
     * @throws IOException when the socket cannot be created
     */
    public static RpcServer start(Path socket, MethodHandler handler, Options options) throws IOException {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        RpcServer server = new RpcServer(socket.toAbsolutePath(), handler, options);
        server.acceptThread.start();
        return server;
    }

    public Path socket() {
        return socket;
    }

    /** True while the file at the socket path is still the one this server bound (same inode). */
    public boolean isBoundPathIntact() {
        return SocketBinder.isIntact(socket, bound);
    }

    /**
     * Binds the socket path again, after its file was deleted or replaced, and serves on the new
     * file. Open connections are not affected; a client that connected through the old file in
     * the instant before this call and was not yet accepted is dropped with the old channel.
     *
     * @throws SocketInUseException when another live server now answers at the path
     */
    public void rebind() throws IOException {
        synchronized (bindLock) {
            if (closed) {
                throw new ClosedChannelException();
            }
            SocketBinder.Bound old = bound;
            bound = SocketBinder.bind(socket);
            old.channel().close();
            log.info("socket {} bound again", socket);
        }
    }

    /** Stops accepting, removes the socket file if it is still ours, and closes every connection. */
    @Override
    public void close() {
        synchronized (bindLock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                bound.channel().close();
                SocketBinder.unlinkIfOurs(socket, bound);
            } catch (IOException e) {
                log.warn("closing socket {}: {}", socket, e.toString());
            }
        }
        connections.forEach(Connection::close);
        try {
            acceptThread.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Connections open now. */
    public int connectionCount() {
        return connections.size();
    }

    /** Connections accepted since the start (refused peers not counted). */
    public long connectionsAccepted() {
        return ids.get();
    }

    /**
     * Runs {@code listener} each time the last open connection closes, on the thread that closed it,
     * so it must be quick and never block. Races between a closing and a new connection may make it
     * run while a connection is open again, or twice in a row; check {@link #connectionCount()}.
     * Replaces the previous listener.
     */
    public void onAllClosed(Runnable listener) {
        this.allClosed = Objects.requireNonNull(listener, "listener");
    }

    Set<Connection> connections() {
        return Set.copyOf(connections);
    }

    private void acceptLoop() {
        while (!closed) {
            SocketBinder.Bound current = bound;
            SocketChannel channel;
            try {
                channel = current.channel().accept();
            } catch (ClosedChannelException e) {
                // close() ends the loop; rebind() swaps in a new channel before closing this one.
                if (!closed && current == bound) {
                    log.error("listening channel of {} closed unexpectedly; no longer accepting", socket);
                    return;
                }
                continue;
            } catch (IOException e) {
                if (!closed) {
                    log.warn("accept on {} failed: {}", socket, e.toString());
                    LockSupport.parkNanos(ACCEPT_ERROR_PAUSE_NANOS);
                }
                continue;
            }
            Thread.ofVirtual().name("wire-rpc-conn").start(() -> admit(channel));
        }
    }

    private void admit(SocketChannel channel) {
        try {
            UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!peers.allows(peer.user())) {
                log.warn("refused a connection on {} from {}, group {}: only {} and root may connect (pid not reported by SO_PEERCRED here)",
                        socket, PeerPolicy.describe(peer.user()), peer.group().getName(), PeerPolicy.describe(peers.self()));
                channel.close();
                return;
            }
        } catch (IOException e) {
            log.warn("could not check the peer of a connection on {}: {}", socket, e.toString());
            closeQuietly(channel);
            return;
        }
        Connection connection = new Connection(ids.incrementAndGet(), channel, options, dispatcher, log, this::gone);
        connections.add(connection);
        if (closed) {
            connection.close();
            return;
        }
        connection.serve();
    }

    private void gone(Connection connection) {
        if (connections.remove(connection) && connections.isEmpty()) {
            try {
                allClosed.run();
            } catch (RuntimeException e) {
                log.error("the all-closed listener failed", e);
            }
        }
    }

    private void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("close failed: {}", e.toString());
        }
    }
}
