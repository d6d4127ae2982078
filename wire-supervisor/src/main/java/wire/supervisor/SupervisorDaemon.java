package wire.supervisor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wire.ipc.RpcServer;
import wire.ipc.WirePaths;
import wire.protocol.WireVersion;
import wire.supervisor.core.LoopConfig;
import wire.supervisor.core.SupervisorLoop;
import wire.supervisor.logs.LogService;
import wire.supervisor.process.LinuxProcessControl;
import wire.supervisor.process.ProcessControl;
import wire.supervisor.registry.IdleFilter;
import wire.supervisor.registry.RegistryScanner;

/**
 * {@code wire daemon --all-sessions --foreground}: one supervisor per {@code WIRE_ROOT}.
 *
 * <p>Start-up order matters: the lock first (a loser touches no file of the winner), then the
 * pidfile, then adoption and spawning through the loop, then the socket, so a client that can
 * connect sees every session. Shutdown by SIGTERM/SIGINT closes the socket and leaves the
 * children running for the next daemon to adopt; {@code shutdown} with {@code stop_sessions}
 * stops them first.
 */
final class SupervisorDaemon {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisorDaemon.class);

    private final Map<String, String> env;
    private final Duration registryPoll;
    private final PrintStream out;
    private final CountDownLatch exitRequested = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    SupervisorDaemon(Map<String, String> env, Duration registryPoll, PrintStream out) {
        this.env = env;
        this.registryPoll = registryPoll;
        this.out = out;
    }

    int run(List<String> builtInDaemonArgv) throws IOException, InterruptedException {
        Path root = WirePaths.root(env);
        WirePaths.createPrivateDirectories(root);
        Optional<SupervisorLock> lock = SupervisorLock.tryAcquire(root);
        if (lock.isEmpty()) {
            String holder = SupervisorPidFile.readPid(root).stream().mapToObj(p -> "pid " + p).findFirst()
                    .orElse("a process whose pid supervisor.pid does not record");
            out.println("wire daemon --all-sessions: another supervisor (" + holder + ") holds "
                    + root.resolve("supervisor.lock") + "; not starting a second one");
            return 0;
        }
        long pid = ProcessHandle.current().pid();
        Instant startedAt = Instant.now();
        Path socket = WirePaths.socket(env);
        IdleFilter idleFilter = IdleFilter.fromEnv(env.get(IdleFilter.ENV_MAX_IDLE_DAYS));
        RegistryScanner scanner = new RegistryScanner(root, idleFilter, Clock.systemUTC());
        SupervisorPidFile.write(root, pid, WireVersion.current(), startedAt);

        ProcessControl processes = LinuxProcessControl.open();
        StateSubscriptions subscriptions = new StateSubscriptions();
        SupervisorLoop loop = SupervisorLoop.open(
                LoopConfig.of(WireVersion.current(), env, builtInDaemonArgv), processes, Clock.systemUTC(), subscriptions);
        LogService logs = LogService.start();
        Registry registry = new Registry(scanner, loop, logs::sessions);
        registry.reload();

        SupervisorInfoSource info = new SupervisorInfoSource(pid, startedAt, socket, root, registryPoll,
                idleFilter.maxIdleDays(), env, processes);
        RpcHandlers handlers = new RpcHandlers(loop, registry, info, subscriptions, logs, exitRequested::countDown);
        RpcServer server = RpcServer.start(socket, handlers, RpcServer.Options.defaults());
        out.println("wire daemon --all-sessions " + WireVersion.current() + ": pid " + pid + ", root " + root
                + ", socket " + socket);

        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("wire-registry-poll").daemon(true).factory());
        poller.scheduleWithFixedDelay(() -> pollOnce(registry, server, socket),
                registryPoll.toMillis(), registryPoll.toMillis(), TimeUnit.MILLISECONDS);
        Signals.onHangup(() -> poller.execute(() -> reloadQuietly(registry)));
        Runnable shutdown = () -> close(server, poller, loop, processes, lock.get(), root, pid, handlers, logs);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(shutdown));

        exitRequested.await();
        shutdown.run();
        return 0;
    }

    /** One registry pass: pick up added/removed/changed sessions and heal a deleted socket file. */
    private void pollOnce(Registry registry, RpcServer server, Path socket) {
        reloadQuietly(registry);
        try {
            if (!server.isBoundPathIntact()) {
                LOG.warn("socket {} was deleted or replaced; binding it again", socket);
                server.rebind();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("could not bind {} again: {}", socket, e.toString());
        }
    }

    private static void reloadQuietly(Registry registry) {
        try {
            registry.reload();
        } catch (RuntimeException | IOException e) {
            LOG.error("registry scan failed", e);
        }
    }

    private void close(RpcServer server, ScheduledExecutorService poller, SupervisorLoop loop,
            ProcessControl processes, SupervisorLock lock, Path root, long pid, RpcHandlers handlers, LogService logs) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        poller.shutdownNow();
        logs.close(); // log_end shutdown to followers while their connections are still up
        server.close();
        loop.close();
        processes.close();
        SupervisorPidFile.removeIfOurs(root, pid);
        try {
            lock.close();
        } catch (IOException e) {
            // the kernel releases it when we exit anyway
        }
        out.println("wire daemon --all-sessions: stopped" + (handlers.stoppedSessions() ? " with its sessions"
                : "; sessions keep running and the next daemon adopts them"));
    }
}

