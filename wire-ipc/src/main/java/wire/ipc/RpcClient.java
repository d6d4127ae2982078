package wire.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import wire.protocol.Json;
import wire.protocol.Message;
import wire.protocol.Notification;
import wire.protocol.Request;
import wire.protocol.Response;
import wire.protocol.RpcException;

/**
 * A client of the supervisor socket, for the CLI, scripts written in Java and the tests.
 *
 * <p>It sits on the CLI's start-up path, so a plain {@link #call} costs one socket and no thread:
 * the calling thread writes the request and reads until its reply arrives. The first
 * {@link #send}, {@link #stream} or call with a timeout starts one virtual reader thread that
 * routes every reply from then on. Replies are matched to requests by id, so calls from several
 * threads may share a client; notifications go to the {@link NotificationStream} whose
 * subscription they name.
 *
 * <p>{@link #sendRaw} and {@link #readRawLine} bypass all of that, to test what the daemon does
 * with hostile input; do not mix them with the other calls on one client.
 */
public final class RpcClient implements AutoCloseable {
    /** Replies can be far larger than requests (a long {@code list}); still, not unbounded. */
    private static final int MAX_REPLY_LINE = 256 << 20;
    private static final int IO_BUFFER = 16 * 1024;
    /** How long a waiting caller lets another thread read for it before trying to read itself. */
    private static final long HANDOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Path socket;
    private final SocketChannel channel;
    private final LineReader reader;
    private final ChannelOutput out;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, NotificationStream> streams = new ConcurrentHashMap<>();
    private volatile Thread readerThread;
    private volatile IOException failure;

    private RpcClient(Path socket, SocketChannel channel) {
        this.socket = socket;
        this.channel = channel;
        this.reader = new LineReader(new ChannelInput(channel, IO_BUFFER), MAX_REPLY_LINE);
        this.out = new ChannelOutput(channel, IO_BUFFER);
    }

    /**
     * Connects to the daemon's socket.
     *
     * @throws DaemonUnreachableException naming the socket and whether it is missing or refusing
     */
    public static RpcClient connect(Path socket) throws DaemonUnreachableException {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return new RpcClient(socket, channel);
        } catch (IOException e) {
            closeQuietly(channel);
            DaemonUnreachableException.Reason reason;
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                reason = DaemonUnreachableException.Reason.MISSING;
            } else if (e instanceof ConnectException) {
                reason = DaemonUnreachableException.Reason.REFUSED;
            } else {
                reason = DaemonUnreachableException.Reason.OTHER;
            }
            throw new DaemonUnreachableException(socket, reason, e);
        }
    }

    public Path socket() {
        return socket;
    }

    /**
     * Calls {@code method} and returns its result.
     *
     * @param params serialised with {@code Json.mapper()} to a JSON object; null omits the member
     * @throws RpcException the daemon's error reply, as it came
     * @throws IOException the connection failed or closed before the reply
     */
    public JsonNode call(String method, Object params) throws RpcException, IOException {
        return resultOf(request(method, params));
    }

    /** {@link #call(String, Object)} that gives up with {@link SocketTimeoutException} after {@code timeout}. */
    public JsonNode call(String method, Object params, Duration timeout) throws RpcException, IOException {
        return resultOf(request(method, params, timeout));
    }

    /** Calls {@code method} and returns the whole reply, error or not (for {@code wire rpc}). */
    public Response request(String method, Object params) throws IOException {
        Request request = newRequest(method, params);
        Pending waiting = register(request.id(), null);
        write(JsonRpcCodec.encode(request));
        return await(waiting);
    }

    /** {@link #request(String, Object)} with a deadline; on timeout the late reply is ignored. */
    public Response request(String method, Object params, Duration timeout) throws IOException {
        startReader();
        Request request = newRequest(method, params);
        Pending waiting = register(request.id(), null);
        write(JsonRpcCodec.encode(request));
        try {
            return waiting.await(timeout.toNanos());
        } catch (SocketTimeoutException e) {
            pending.remove(key(request.id()), waiting);
            throw new SocketTimeoutException(method + ": no reply from " + socket + " within " + timeout);
        }
    }

    /**
     * Sends a request without waiting: pipelining. The future completes with the reply (error
     * replies included) or exceptionally with the {@link IOException} that ended the connection.
     */
    public CompletableFuture<Response> send(String method, Object params) throws IOException {
        startReader();
        Request request = newRequest(method, params);
        CompletableFuture<Response> future = new CompletableFuture<>();
        register(request.id(), null).whenDone(future);
        write(JsonRpcCodec.encode(request));
        return future;
    }

    /** Sends a JSON-RPC notification: the daemon carries it out and never answers. */
    public void sendNotification(String method, Object params) throws IOException {
        write(JsonRpcCodec.encode(new Notification(method, tree(params))));
    }

    /**
     * Sends {@code messages} as one batch and returns the replies to its requests, in the order of
     * the requests. A batch of only notifications gets no reply, and this returns an empty list
     * at once. Request ids must not clash with each other or with calls in flight.
     */
    public List<Response> batch(List<? extends Message> messages) throws IOException {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("an empty batch is itself an invalid request; use sendRaw to send one");
        }
        List<byte[]> parts = new ArrayList<>(messages.size());
        List<Pending> waits = new ArrayList<>();
        for (Message message : messages) {
            switch (message) {
                case Request r -> waits.add(register(r.id(), null));
                case Notification n -> { }
                case Response r -> throw new IllegalArgumentException("a client does not send responses");
            }
            parts.add(JsonRpcCodec.json(message));
        }
        write(JsonRpcCodec.batchLine(parts));
        List<Response> replies = new ArrayList<>(waits.size());
        for (Pending waiting : waits) {
            replies.add(await(waiting));
        }
        return replies;
    }

    /**
     * Calls a method that opens a stream ({@code logs}, {@code subscribe}) and returns the stream,
     * whose {@link NotificationStream#result()} is the reply's result.
     *
     * @throws RpcException when the daemon refuses to open it
     */
    public NotificationStream stream(String method, Object params) throws RpcException, IOException {
        startReader();
        Request request = newRequest(method, params);
        NotificationStream[] registered = new NotificationStream[1];
        NotificationStream stream = new NotificationStream(() -> {
            if (registered[0] != null) {
                streams.values().remove(registered[0]);
            }
        });
        registered[0] = stream;
        Pending waiting = register(request.id(), stream);
        write(JsonRpcCodec.encode(request));
        resultOf(await(waiting));
        return stream;
    }

    /** Writes {@code bytes} exactly as given (no newline added), for tests of hostile input. */
    public void sendRaw(byte[] bytes) throws IOException {
        write(bytes);
    }

    /**
     * Reads the next non-blank line as it came, without routing it, or null at end of stream.
     *
     * @throws IllegalStateException once a reader thread routes the replies
     */
    public String readRawLine() throws IOException {
        if (readerThread != null) {
            throw new IllegalStateException("replies are routed by the reader thread");
        }
        readLock.lock();
        try {
            LineReader.Line line = reader.next();
            return switch (line) {
                case null -> null;
                case LineReader.Data d -> new String(d.bytes(), StandardCharsets.UTF_8);
                case LineReader.Oversize o -> throw new IOException("line of " + o.length() + " bytes");
            };
        } finally {
            readLock.unlock();
        }
    }

    /** Closes the connection; calls in flight fail and streams end. */
    @Override
    public void close() {
        fail(new IOException("client closed the connection to " + socket));
    }

    // ---- internals ----

    private Request newRequest(String method, Object params) {
        return new Request(LongNode.valueOf(ids.incrementAndGet()), method, tree(params));
    }

    /** JSON-RPC params are structured: an object (or an array, which the daemon refuses). */
    private static JsonNode tree(Object params) {
        if (params == null) {
            return null;
        }
        JsonNode node = params instanceof JsonNode given ? given : Json.mapper().valueToTree(params);
        if (!node.isContainerNode()) {
            throw new IllegalArgumentException("params must be a JSON object, not " + node.getNodeType());
        }
        return node;
    }

    private static JsonNode resultOf(Response response) throws RpcException {
        if (response.isError()) {
            throw new RpcException(response.error());
        }
        return response.result();
    }

    private Pending register(JsonNode id, NotificationStream stream) throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw new IOException(failed.getMessage(), failed);
        }
        Pending waiting = new Pending(stream);
        if (pending.putIfAbsent(key(id), waiting) != null) {
            throw new IllegalArgumentException("id already in flight: " + id);
        }
        return waiting;
    }

    private void write(byte[] line) throws IOException {
        writeLock.lock();
        try {
            out.write(line);
            out.flush();
        } catch (IOException e) {
            fail(e);
            throw e;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Waits for a reply. Without a reader thread the waiting callers take turns reading: whoever
     * holds the read lock routes every line it reads, so replies meant for others are handed over
     * and they wake up.
     */
    private Response await(Pending waiting) throws IOException {
        while (!waiting.isDone() && readerThread == null) {
            if (readLock.tryLock()) {
                try {
                    while (!waiting.isDone() && readerThread == null) {
                        readOne();
                    }
                } finally {
                    readLock.unlock();
                }
            } else {
                waiting.awaitQuietly(HANDOFF_NANOS);
            }
        }
        return waiting.await(-1);
    }

    private synchronized void startReader() {
        if (readerThread == null) {
            readerThread = Thread.ofVirtual().name("wire-client-reader").start(this::readLoop);
        }
    }

    private void readLoop() {
        readLock.lock();
        try {
            while (failure == null) {
                readOne();
            }
        } catch (IOException e) {
            // fail() has recorded it and woken every waiter.
        } finally {
            readLock.unlock();
        }
    }

    /** Reads one line and routes what it holds. Caller holds the read lock. */
    private void readOne() throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw failed;
        }
        try {
            LineReader.Line line = reader.next();
            switch (line) {
                case null -> throw new EOFException("the daemon closed the connection on " + socket);
                case LineReader.Oversize o -> throw new IOException("reply line of " + o.length() + " bytes from " + socket);
                case LineReader.Data d -> {
                    for (Message message : JsonRpcCodec.decodeIncoming(d.bytes())) {
                        route(message);
                    }
                }
            }
        } catch (IOException e) {
            fail(e);
            throw e;
        }
    }

    private void route(Message message) {
        switch (message) {
            case Response r -> {
                Pending waiting = pending.remove(key(r.id()));
                if (waiting == null) {
                    return;
                }
                if (waiting.stream != null && !r.isError()) {
                    // Registered before the next line is read: the stream's notifications follow.
                    waiting.stream.opened(r.result());
                    streams.put(subscriptionKey(r.result().get("subscription")), waiting.stream);
                }
                waiting.complete(r);
            }
            case Notification n -> {
                String subscription = subscriptionKey(n.params() == null ? null : n.params().get("subscription"));
                NotificationStream stream = streams.get(subscription);
                if (stream == null) {
                    return;
                }
                if (n.method().equals("log_end") || n.method().equals("subscription_end")) {
                    streams.remove(subscription, stream);
                    stream.deliverLast(n);
                } else {
                    stream.deliver(n);
                }
            }
            case Request r -> { }
        }
    }

    private void fail(IOException cause) {
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = cause;
        }
        closeQuietly(channel);
        for (String id : List.copyOf(pending.keySet())) {
            Pending waiting = pending.remove(id);
            if (waiting != null) {
                waiting.fail(cause);
            }
        }
        for (NotificationStream stream : List.copyOf(streams.values())) {
            stream.end();
        }
        streams.clear();
    }

    private static String key(JsonNode id) {
        return id.toString();
    }

    private static String subscriptionKey(JsonNode subscription) {
        return subscription == null || subscription.isNull() ? "" : subscription.toString();
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing more to release.
            }
        }
    }

    /** One request waiting for its reply. Plain monitor, so a sync call loads no executor classes. */
    private static final class Pending {
        final NotificationStream stream;
        private Response response;
        private IOException failure;
        private CompletableFuture<Response> future;

        Pending(NotificationStream stream) {
            this.stream = stream;
        }

        synchronized boolean isDone() {
            return response != null || failure != null;
        }

        void complete(Response reply) {
            CompletableFuture<Response> f;
            synchronized (this) {
                response = reply;
                notifyAll();
                f = future;
            }
            if (f != null) {
                f.complete(reply);
            }
        }

        void fail(IOException cause) {
            CompletableFuture<Response> f;
            synchronized (this) {
                failure = cause;
                notifyAll();
                f = future;
            }
            if (f != null) {
                f.completeExceptionally(cause);
            }
        }

        void whenDone(CompletableFuture<Response> target) {
            synchronized (this) {
                if (!isDone()) {
                    future = target;
                    return;
                }
            }
            if (response != null) {
                target.complete(response);
            } else {
                target.completeExceptionally(failure);
            }
        }

        /** Waits up to {@code nanos} for the outcome without throwing; for the read hand-off. */
        synchronized void awaitQuietly(long nanos) throws InterruptedIOException {
            if (!isDone()) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for a reply");
                }
            }
        }

        /** The reply, waiting for it (forever when {@code nanos} is negative). */
        synchronized Response await(long nanos) throws IOException {
            long deadline = System.nanoTime() + nanos;
            try {
                while (!isDone()) {
                    if (nanos < 0) {
                        wait();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw new SocketTimeoutException("no reply");
                        }
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a reply");
            }
            if (failure != null) {
                throw new IOException(failure.getMessage(), failure);
            }
            return response;
        }
    }
}
