package wire.supervisor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import wire.ipc.Call;
import wire.ipc.MethodHandler;
import wire.ipc.StreamOpening;
import wire.protocol.BulkEntry;
import wire.protocol.BulkResult;
import wire.protocol.CancelParams;
import wire.protocol.CancelResult;
import wire.protocol.ErrorCode;
import wire.protocol.Json;
import wire.protocol.ListResult;
import wire.protocol.LogsParams;
import wire.protocol.Methods;
import wire.protocol.OpenRpc;
import wire.protocol.Params;
import wire.protocol.ReloadResult;
import wire.protocol.RestartParams;
import wire.protocol.RpcException;
import wire.protocol.SessionParams;
import wire.protocol.SessionStatus;
import wire.protocol.ShutdownParams;
import wire.protocol.ShutdownResult;
import wire.protocol.StartParams;
import wire.protocol.StopParams;
import wire.protocol.SubscribeParams;
import wire.protocol.Target;
import wire.protocol.VersionResult;
import wire.protocol.WireVersion;
import wire.supervisor.core.SessionOutcome;
import wire.supervisor.core.SupervisorLoop;
import wire.supervisor.logs.LogService;

/**
 * The daemon's methods (PROTOCOL.md, Methods). Each decodes its params, asks the loop, and waits
 * for the answer; none touches process state itself. A method this build does not serve is
 * {@code -32601}, never a pretend success.
 */
final class RpcHandlers implements MethodHandler {
    private final SupervisorLoop loop;
    private final Registry registry;
    private final SupervisorInfoSource info;
    private final StateSubscriptions subscriptions;
    private final LogService logs;
    private final Runnable requestExit;
    private volatile boolean stoppedSessions;

    RpcHandlers(SupervisorLoop loop, Registry registry, SupervisorInfoSource info, StateSubscriptions subscriptions,
            LogService logs, Runnable requestExit) {
        this.loop = loop;
        this.registry = registry;
        this.info = info;
        this.subscriptions = subscriptions;
        this.logs = logs;
        this.requestExit = requestExit;
    }

    boolean stoppedSessions() {
        return stoppedSessions;
    }

    @Override
    public Object handle(Call call) throws RpcException {
        JsonNode params = call.params();
        return switch (call.method()) {
            case Methods.VERSION -> {
                Params.requireNone(params);
                yield new VersionResult(WireVersion.current(), Methods.PROTOCOL_VERSION, info.pid(), info.startedAt(),
                        Runtime.version().toString());
            }
            case Methods.LIST -> {
                Params.requireNone(params);
                List<SessionStatus> sessions = await(loop.list());
                yield new ListResult(info.snapshot(Instant.now()), sessions, info.unmanaged(sessions));
            }
            case Methods.STATUS -> await(loop.status(Params.decode(params, SessionParams.class).session()));
            case Methods.START -> apply(Params.decode(params, StartParams.class).target(), loop::start);
            case Methods.STOP -> {
                StopParams p = Params.decode(params, StopParams.class);
                yield apply(p.target(), name -> loop.stop(name, java.util.Optional.ofNullable(p.graceSeconds())));
            }
            case Methods.RESTART -> {
                Target target = Params.decode(params, RestartParams.class).target();
                yield target instanceof Target.Stale ? bulk(await(loop.restartStale())) : apply(target, loop::restart);
            }
            case Methods.RELOAD -> {
                Params.requireNone(params);
                yield reload();
            }
            case Methods.SUBSCRIBE -> subscriptions.subscribe(
                    Params.decode(params, SubscribeParams.class).sessions(), call.connection());
            case Methods.LOGS -> {
                LogsParams p = Params.decode(params, LogsParams.class);
                yield logs.open(p, Path.of(await(loop.status(p.session())).homeDir()), call.connection());
            }
            case Methods.CANCEL -> {
                String id = Params.decode(params, CancelParams.class).subscription();
                yield new CancelResult(LogService.isLogsId(id) ? logs.cancel(id, call.connection())
                        : subscriptions.cancel(id, call.connection()));
            }
            case Methods.SHUTDOWN -> shutdown(Params.decode(params, ShutdownParams.class).stopSessions());
            case Methods.DISCOVER -> {
                Params.requireNone(params);
                yield OpenRpc.document();
            }
            default -> throw new RpcException(ErrorCode.METHOD_NOT_FOUND, "method not found: " + call.method(),
                    Json.mapper().createObjectNode().put("method", call.method()));
        };
    }

    private ReloadResult reload() throws RpcException {
        try {
            return registry.reload();
        } catch (IOException e) {
            throw new RpcException(ErrorCode.INTERNAL_ERROR, "cannot scan " + registry.scanner().sessionsDir() + ": "
                    + e.getMessage(), null);
        }
    }

    /** {@code shutdown}: reply first, then exit (the stream hook runs once the reply is queued). */
    private StreamOpening shutdown(boolean stopSessions) throws RpcException {
        List<String> stopping = await(loop.shutdown(stopSessions));
        stoppedSessions = stopSessions;
        subscriptions.shutdown();
        logs.shutdown();
        return new StreamOpening(new ShutdownResult(stopping), sink -> requestExit.run());
    }

    /** One session fails the call as a whole; several answer one entry each (PROTOCOL.md, Targets). */
    private Object apply(Target target, Function<String, CompletableFuture<SessionStatus>> op) throws RpcException {
        return switch (target) {
            case Target.Single single -> await(op.apply(single.session()));
            case Target.Many many -> bulkOf(many.sessions(), op);
            case Target.All all -> bulkOf(await(loop.list()).stream().map(SessionStatus::name).toList(), op);
            case Target.Stale stale -> throw RpcException.invalidParams("stale", "stale is a target of restart only");
        };
    }

    private static BulkResult bulkOf(List<String> names, Function<String, CompletableFuture<SessionStatus>> op) {
        List<CompletableFuture<SessionStatus>> pending = names.stream().map(op).toList();
        List<BulkEntry> results = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                results.add(BulkEntry.succeeded(await(pending.get(i))));
            } catch (RpcException e) {
                results.add(BulkEntry.failed(names.get(i), withSession(e, names.get(i)).toError(), null));
            }
        }
        return new BulkResult(results);
    }

    private static BulkResult bulk(List<SessionOutcome> outcomes) {
        return new BulkResult(outcomes.stream()
                .map(o -> o.ok() ? BulkEntry.succeeded(o.status())
                        : BulkEntry.failed(o.session(), withSession(o.error(), o.session()).toError(), null))
                .toList());
    }

    /** PROTOCOL.md: every error's data carries {@code session} where one is involved. */
    private static RpcException withSession(RpcException e, String session) {
        ObjectNode data = e.data() instanceof ObjectNode o ? o.deepCopy() : Json.mapper().createObjectNode();
        if (!data.has("session")) {
            data.put("session", session);
        }
        return new RpcException(e.code(), e.getMessage(), data);
    }

    static <T> T await(CompletableFuture<T> future) throws RpcException {
        try {
            return future.get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RpcException rpc) {
                throw rpc;
            }
            throw new IllegalStateException("the supervisor loop failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(ErrorCode.SHUTTING_DOWN, "the daemon is shutting down", null);
        }
    }
}
