package wire.supervisor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
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
import wire.supervisor.registry.RegistryWatch;

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
    private final Map<String, String> env;
    private final RegistryOptions registryOptions;
    private final PrintStream out;
    private final CountDownLatch exitRequested = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    SupervisorDaemon(Map<String, String> env, RegistryOptions registryOptions, PrintStream out) {
        this.env = env;
        this.registryOptions = registryOptions;
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
        RegistryWatch watch = registryOptions.watch() ? RegistryWatch.open(root, socket) : RegistryWatch.off(root, socket);
        Registry registry = new Registry(scanner, loop, entries -> {
            logs.sessions(entries); // first: it creates the state directories the watch may want
            watch.track(entries);
        });
        registry.reload();

        SupervisorInfoSource info = new SupervisorInfoSource(pid, startedAt, socket, root, registryOptions.poll(),
                idleFilter.maxIdleDays(), env, processes);
        RpcHandlers handlers = new RpcHandlers(loop, registry, info, subscriptions, logs, exitRequested::countDown);
        RpcServer server = RpcServer.start(socket, handlers, RpcServer.Options.defaults());
        out.println("wire daemon --all-sessions " + WireVersion.current() + ": pid " + pid + ", root " + root
                + ", socket " + socket);

        Housekeeper housekeeper = new Housekeeper(watch, registry, server, socket, registryOptions.poll());
        housekeeper.start();
        Signals.onHangup(housekeeper::reloadSoon);
        Signals.terminateEvenIfIgnored();
        Runnable shutdown = () -> close(server, housekeeper, loop, processes, lock.get(), root, pid, handlers, logs);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(shutdown));

        exitRequested.await();
        shutdown.run();
        return 0;
    }

    private void close(RpcServer server, Housekeeper housekeeper, SupervisorLoop loop,
            ProcessControl processes, SupervisorLock lock, Path root, long pid, RpcHandlers handlers, LogService logs) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        housekeeper.close();
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

