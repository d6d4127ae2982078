package wire.supervisor.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wire.protocol.Desired;
import wire.protocol.InvalidSession;
import wire.protocol.ReloadResult;
import wire.protocol.SessionSpecWriter;
import wire.protocol.ErrorCode;
import wire.protocol.Json;
import wire.protocol.LastError;
import wire.protocol.LastExit;
import wire.protocol.Owner;
import wire.protocol.RpcException;
import wire.protocol.SessionState;
import wire.protocol.SessionStatus;
import wire.supervisor.core.Action.SpawnKind;
import wire.supervisor.core.Event.Command;
import wire.supervisor.core.Observed.Hold;
import wire.supervisor.core.Observed.Request;
import wire.supervisor.core.Observed.Stage;
import wire.supervisor.core.Observed.Stop;
import wire.supervisor.core.Observed.StopReason;
import wire.supervisor.process.ExitStatus;
import wire.supervisor.process.ProcessControl;
import wire.supervisor.process.SpawnedChild;

/**
 * The supervisor's event loop: the one place where session state changes.
 *
 * <h2>Who owns what</h2>
 * One platform thread ({@code wire-supervisor-loop}) owns every {@link SessionRuntime}, the
 * per-session state files it writes ({@code child.json}, {@code intent.json},
 * {@code last_exit.json}) and every signal sent to a child. Nothing else touches them. RPC
 * handlers call the public methods, which only put a command on the queue and return a
 * {@link CompletableFuture}; the watcher thread of {@link ProcessControl} only hands over
 * {@link Event.Exited}, which every reconcile takes in first. Decisions are made by the pure {@link Reconciler}; this class
 * gathers its inputs, applies its actions, and answers futures.
 *
 * <h2>States</h2>
 * <pre>
 *   stopped --start/autostart--> running --exit--> backoff --delay--> running
 *                                   |                 \--window exhausted--> failed
 *                                   |--exit, policy says no--> exited
 *                                   \--stop/remove/new spec--> stopping --gone--> stopped | running
 *   ineligible: wanted up but the idle filter refuses automatic starts (start by hand overrides)
 *   starting: between a decision and its spawn, or while an old generation's group is cleared
 * </pre>
 * {@code failed} and {@code exited} wait for a start by hand; stop from any state leads to
 * {@code stopped} and stays there across reloads and daemon restarts (intent.json).
 *
 * <h2>Ordering</h2>
 * Events are handled one at a time in arrival order, except that child exits waiting in the queue
 * together are handled together (a shutdown that stops 1,000 sessions gets 1,000 exits at once).
 * After each, the loop reconciles to a fixed point, then writes the exits it recorded, answers
 * the futures that are now settled, and tells the transition listener. Futures are completed on
 * the loop thread, so their callbacks must not block.
 *
 * <h2>What is reconciled</h2>
 * Each session's decision depends on that session alone ({@link Reconciler#session}), so a pass
 * looks only at the sessions whose inputs may have changed: those an event touched (a command
 * naming it, its child's exit; a reload touches the sessions whose entry changed, a shutdown all),
 * those whose own wake-up time has come, and, in the next pass, those the previous pass changed.
 * An event for one session thus costs the same with 10 sessions or 1,000. Time never blocks the
 * loop: backoff, stop grace and the kill timeout are per-session wake-ups ({@link Action.WakeAt},
 * kept in {@link WakeUps}), and the loop waits until the earliest, so a stop during backoff acts
 * at once. A session with a stop in progress also wakes every probe interval to see whether its
 * group and escapees are gone; the stops probed in one pass share one look at the process table
 * ({@link StopProbe}).
 */
public final class SupervisorLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisorLoop.class);
    private static final int SIGKILL = 9;
    private static final int MAX_PASSES = 16;
    /** At most this many ticks waiting in the queue are taken by one reconcile. */
    private static final int MAX_TICKS_PER_SETTLE = 4096;
    /** Upper bound of one idle wait, so a wall-clock jump is noticed within this long. */
    private static final Duration MAX_IDLE_WAIT = Duration.ofSeconds(30);

    private final LoopConfig config;
    private final ProcessControl processes;
    private final InstantSource clock;
    private final TransitionListener listener;
    private final Reconciler reconciler;
    private final Spawner spawner;
    private final ChildDiscovery discovery;
    private final StatusBuilder statuses;
    private final SpawnBatch spawnBatch;
    /** What {@link #status} and {@link #list} answer from without a trip through the queue. */
    private final StatusViews views = new StatusViews();
    private final long selfPid = ProcessHandle.current().pid();

    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    /** Exits from the watcher thread, taken in before every reconcile ({@link #drainExits}). */
    private final Queue<Event.Exited> exits = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean exitsSignalled = new AtomicBoolean();
    private final Object submitLock = new Object();
    private boolean accepting = true; // guarded by submitLock
    private final Thread thread;

    // Loop-thread state.
    private final Map<String, SessionRuntime> sessions = new TreeMap<>();
    /** Sessions whose inputs changed since they were last reconciled. */
    private final Set<String> touched = new TreeSet<>();
    private final WakeUps wakeUps = new WakeUps();
    private final StopProbe stopProbe;
    /** Sessions whose child ended since {@code last_exit.json} was last written. */
    private final Set<SessionRuntime> unsavedExits = new LinkedHashSet<>();
    private boolean shuttingDown;
    private boolean stopAll;
    private List<String> stoppingAtShutdown = List.of();
    private final List<CompletableFuture<List<String>>> shutdownReplies = new ArrayList<>();
    /** Replies to send once the event that asked for them has been reconciled. */
    private final List<Runnable> afterSettle = new ArrayList<>();

    private SupervisorLoop(LoopConfig config, ProcessControl processes, InstantSource clock,
            TransitionListener listener, Reconciler reconciler) {
        this.config = config;
        this.processes = processes;
        this.clock = clock;
        this.listener = listener;
        this.reconciler = reconciler;
        this.spawner = new Spawner(config.daemonEnv(), config.builtInDaemonArgv());
        this.discovery = new ChildDiscovery(processes, selfPid);
        this.stopProbe = new StopProbe(processes, selfPid);
        this.statuses = new StatusBuilder(processes, spawner, config.supervisorVersion());
        this.spawnBatch = new SpawnBatch(processes, clock, selfPid, config.spawnHelpers(), SpawnBatch.HELPER_IDLE);
        this.thread = Thread.ofPlatform().name("wire-supervisor-loop").unstarted(this::run);
    }

    /**
     * Creates the loop and starts its thread, with no sessions: the daemon then passes its first
     * registry scan to {@link #reload}, which adopts what earlier supervisors left running and
     * starts the rest.
     *
     * @param processes the OS layer; the loop does not close it
     * @param clock the time for every decision (uptime, backoff, grace)
     * @param listener told of every state change, on the loop thread
     */
    public static SupervisorLoop open(LoopConfig config, ProcessControl processes, InstantSource clock,
            TransitionListener listener) {
        return open(config, processes, clock, listener, new Reconciler(config.killTimeout()));
    }

    /** {@link #open} with the decisions made by {@code reconciler}; tests count them. */
    static SupervisorLoop open(LoopConfig config, ProcessControl processes, InstantSource clock,
            TransitionListener listener, Reconciler reconciler) {
        SupervisorLoop loop = new SupervisorLoop(config, processes, clock, listener, reconciler);
        loop.thread.start();
        return loop;
    }

    // ---- commands (any thread) ----

    /**
     * Sets intent up (persisted), skips any backoff, clears {@code failed}/{@code exited}, and
     * overrides the idle filter until the next stop. Completes with the status once the child is
     * spawned, or at once when one already runs (an {@code external} one is left alone). Fails with
     * {@code session_not_found}, {@code invalid_config} (no valid spec ever), {@code spawn_failed}
     * ({@code data.detail}: the OS message; the session then backs off and retries), or
     * {@code shutting_down}.
     */
    public CompletableFuture<SessionStatus> start(String name) {
        return submit(f -> new Event.Start(name, f));
    }

    /**
     * Sets intent down (persisted) and cancels any backoff at once; sends {@code stop_signal} to the
     * group, SIGKILL after the grace ({@code graceSeconds} or the spec's), then SIGKILL to every
     * escaped process with this {@code WIRE_HOME}. Completes with the status once the group and
     * the escapees are gone; fails with {@code stop_timeout} when something survives SIGKILL for
     * the kill timeout, or {@code session_not_found}. An external child is not signalled: the stop
     * completes at once with it still running. A negative grace fails with {@code invalid_params}.
     */
    public CompletableFuture<SessionStatus> stop(String name, Optional<Long> graceSeconds) {
        if (graceSeconds.isPresent() && graceSeconds.get() < 0) {
            return CompletableFuture.failedFuture(
                    RpcException.invalidParams("grace_seconds", "grace_seconds < 0: " + graceSeconds.get()));
        }
        return submit(f -> new Event.Stop(name, graceSeconds, f));
    }

    /**
     * Stop then start, skipping any backoff; completes with the new child's status. Fails as
     * {@link #start} and {@link #stop} do. An external child is left alone and its status returned.
     */
    public CompletableFuture<SessionStatus> restart(String name) {
        return submit(f -> new Event.Restart(name, f));
    }

    /**
     * Restarts, one after another, exactly the sessions whose child is stale (an older
     * {@code daemon.pid} version, or an executable changed since spawn). Completes with one outcome
     * per restarted session, never exceptionally for one session's failure.
     */
    public CompletableFuture<List<SessionOutcome>> restartStale() {
        CompletableFuture<List<String>> names = submit(Event.StaleNames::new);
        return names.thenCompose(list -> {
            CompletableFuture<List<SessionOutcome>> acc = CompletableFuture.completedFuture(new ArrayList<>());
            for (String name : list) {
                acc = acc.thenCompose(out -> restart(name).handle((status, err) -> {
                    out.add(status != null ? new SessionOutcome(name, status, null)
                            : new SessionOutcome(name, null, asRpc(err)));
                    return out;
                }));
            }
            return acc;
        });
    }

    /**
     * Applies a registry scan: new sessions are adopted or started (autostart and eligible),
     * removed ones stopped and forgotten, a changed spec restarts that session alone, an invalid
     * one is reported and its running child left untouched. Completes once the changes are under
     * way (not when restarts finish).
     */
    public CompletableFuture<ReloadResult> reload(List<SessionEntry> entries) {
        List<SessionEntry> copy = List.copyOf(entries);
        return submit(f -> new Event.Reload(copy, f));
    }

    /**
     * The status of one session; fails with {@code session_not_found}. Answered on the caller's
     * thread from the state the loop last settled in when it is idle ({@link StatusViews}: exact,
     * and never older than a command already answered), else through the queue.
     */
    public CompletableFuture<SessionStatus> status(String name) {
        SessionView v = views.current(name, queue::isEmpty);
        if (v != null) {
            return CompletableFuture.completedFuture(statuses.build(v, clock.instant()));
        }
        return submit(f -> new Event.Status(name, f));
    }

    /** How many session files the status builder keeps a read of (for tests). */
    int cachedStatusFiles() {
        return statuses.cachedFiles();
    }

    /** Every session, ineligible ones included, sorted by name; answered as {@link #status} is. */
    public CompletableFuture<List<SessionStatus>> list() {
        List<SessionView> all = views.all(queue::isEmpty);
        if (all != null) {
            Instant now = clock.instant();
            return CompletableFuture.completedFuture(all.stream().map(v -> statuses.build(v, now)).toList());
        }
        return submit(Event.ListAll::new);
    }

    /** For tests: the status as {@link #status} answers it without the queue; null when it would ask the loop. */
    SessionStatus statusFromViews(String name) {
        SessionView v = views.current(name, queue::isEmpty);
        return v == null ? null : statuses.build(v, clock.instant());
    }

    /** For tests: the status as the loop answers it. */
    CompletableFuture<SessionStatus> statusFromLoop(String name) {
        return submit(f -> new Event.Status(name, f));
    }

    /** For tests: every status as the loop answers them. */
    CompletableFuture<List<SessionStatus>> listFromLoop() {
        return submit(Event.ListAll::new);
    }

    /**
     * Stops accepting work and ends the loop. With {@code stopSessions} every owned child is
     * stopped first (intent is not changed, so the next daemon starts them again); without, children
     * keep running for the next daemon to adopt. Completes, once the loop thread has ended, with
     * the names of the sessions that were being stopped. Later commands fail with
     * {@code shutting_down}.
     */
    public CompletableFuture<List<String>> shutdown(boolean stopSessions) {
        return submit(f -> new Event.Shutdown(stopSessions, f));
    }

    /** {@code shutdown(false)} and waits for the loop thread to end. */
    @Override
    public void close() {
        shutdown(false).exceptionally(e -> List.of()).join();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Makes the loop re-evaluate now; for tests that move a settable clock. */
    void nudge() {
        queue.offer(new Event.Tick());
    }

    private <T> CompletableFuture<T> submit(java.util.function.Function<CompletableFuture<T>, Event> make) {
        CompletableFuture<T> f = new CompletableFuture<>();
        synchronized (submitLock) {
            if (!accepting) {
                f.completeExceptionally(shuttingDownError());
                return f;
            }
            queue.add(make.apply(f));
        }
        return f;
    }

    // ---- the loop ----

    private void run() {
        try {
            while (true) {
                Event e = queue.poll(waitMillis(), TimeUnit.MILLISECONDS);
                if (e != null) {
                    if (!isTick(e) && !exits.isEmpty()) {
                        // Exits reported before this command are its past: decided before it is.
                        settle(clock.instant());
                    }
                    handleSafely(e);
                    // Ticks are not answered to anyone: those already waiting join this reconcile
                    // (exits are taken in by every settle). Commands are not batched: each is
                    // answered from a settled state.
                    for (int n = 1; n < MAX_TICKS_PER_SETTLE && isTick(e) && isTick(queue.peek()); n++) {
                        e = queue.poll();
                        handleSafely(e);
                    }
                }
                settle(clock.instant());
                if (shuttingDown && (!stopAll || sessions.values().stream().allMatch(SessionRuntime::quiet))) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            LOG.warn("supervisor loop interrupted; ending");
        } catch (RuntimeException | Error e) {
            LOG.error("supervisor loop failed; ending", e);
            throw e;
        } finally {
            finish();
        }
    }

    private static boolean isTick(Event e) {
        return e instanceof Event.Tick;
    }

    private long waitMillis() {
        Instant nextWake = wakeUps.earliest();
        if (nextWake == null) {
            return MAX_IDLE_WAIT.toMillis();
        }
        long ms = Duration.between(clock.instant(), nextWake).toMillis();
        return Math.clamp(ms, 0, MAX_IDLE_WAIT.toMillis());
    }

    private void finish() {
        views.close();
        spawnBatch.close();
        synchronized (submitLock) {
            accepting = false;
        }
        List<Event> left = new ArrayList<>();
        queue.drainTo(left);
        for (Event e : left) {
            if (e instanceof Command<?> c) {
                c.reply().completeExceptionally(shuttingDownError());
            }
        }
        for (SessionRuntime rt : sessions.values()) {
            failAll(rt.startWaiters, shuttingDownError());
            failAll(rt.stopWaiters, shuttingDownError());
        }
        for (CompletableFuture<List<String>> f : shutdownReplies) {
            f.complete(stoppingAtShutdown);
        }
        LOG.info("supervisor loop ended");
    }

    private void handleSafely(Event e) {
        if (!(e instanceof Command<?> c && !c.mutates())) {
            views.beginChange(); // until the reconcile after it has published what changed
        }
        try {
            if (shuttingDown && e instanceof Command<?> c && c.mutates() && !(e instanceof Event.Shutdown)) {
                c.reply().completeExceptionally(shuttingDownError());
                return;
            }
            handle(e, clock.instant());
        } catch (RpcException ex) {
            if (e instanceof Command<?> c) {
                c.reply().completeExceptionally(ex);
            }
        } catch (RuntimeException ex) {
            LOG.error("supervisor loop: handling {} failed", e, ex);
            if (e instanceof Command<?> c) {
                c.reply().completeExceptionally(new RpcException(ErrorCode.INTERNAL_ERROR, "internal error", null));
            }
        }
    }

    private void handle(Event e, Instant now) throws RpcException {
        switch (e) {
            case Event.Start s -> onStart(s, now);
            case Event.Stop s -> onStop(s, now);
            case Event.Restart r -> onRestart(r, now);
            case Event.StaleNames s -> s.reply().complete(staleNames());
            case Event.Reload r -> {
                ReloadResult result = onReload(r.entries(), now);
                afterSettle.add(() -> r.reply().complete(result)); // answer once the changes are under way
            }
            case Event.Status s -> s.reply().complete(status(session(s.name()), now));
            case Event.ListAll l -> l.reply().complete(
                    sessions.values().stream().filter(rt -> !rt.removed).map(rt -> status(rt, now)).toList());
            case Event.Shutdown s -> onShutdown(s);
            case Event.Exited x -> onExit(x, now);
            case Event.Tick t -> {}
        }
    }

    // ---- command handlers (loop thread) ----

    private void onStart(Event.Start s, Instant now) throws RpcException {
        SessionRuntime rt = runnable(s.name());
        touched.add(rt.name);
        setIntent(rt, Desired.UP, now);
        rt.override = true;
        rt.graceOverride = null;
        if (rt.child != null && rt.stop == null) {
            s.reply().complete(status(rt, now)); // already running (or external: left alone)
            return;
        }
        rt.hold = Hold.NONE;
        rt.request = Request.START;
        rt.startWaiters.add(s.reply());
    }

    private void onRestart(Event.Restart r, Instant now) throws RpcException {
        SessionRuntime rt = runnable(r.name());
        touched.add(rt.name);
        setIntent(rt, Desired.UP, now);
        rt.override = true;
        rt.graceOverride = null;
        if (rt.child != null && rt.child.owner() == Owner.EXTERNAL) {
            r.reply().complete(status(rt, now)); // not ours to stop
            return;
        }
        rt.hold = Hold.NONE;
        rt.request = rt.ownsChild() && rt.stop == null ? Request.RESTART : Request.START;
        rt.startWaiters.add(r.reply());
    }

    private void onStop(Event.Stop s, Instant now) throws RpcException {
        SessionRuntime rt = session(s.name());
        touched.add(rt.name);
        setIntent(rt, Desired.DOWN, now);
        rt.override = false;
        rt.request = Request.NONE;
        rt.graceOverride = s.graceSeconds().map(Duration::ofSeconds).orElse(null);
        // A start still waiting for its spawn is superseded: answer it with how things stand.
        SessionStatus current = status(rt, now);
        rt.startWaiters.forEach(f -> f.complete(current));
        rt.startWaiters.clear();
        rt.stopWaiters.add(s.reply());
    }

    private void onShutdown(Event.Shutdown s) {
        if (!shuttingDown) {
            shuttingDown = true;
            views.close(); // statuses now depend on stopAll and the end of the loop: asked of the loop
            stopAll = s.stopSessions();
            touched.addAll(sessions.keySet()); // stopAll changes what every session should do
            stoppingAtShutdown = stopAll
                    ? sessions.values().stream().filter(rt -> !rt.quiet()).map(rt -> rt.name).toList()
                    : List.of();
            for (SessionRuntime rt : sessions.values()) {
                rt.request = Request.NONE;
                failAll(rt.startWaiters, shuttingDownError());
            }
            LOG.info("supervisor loop shutting down (stop sessions: {})", stopAll);
        }
        shutdownReplies.add(s.reply());
    }

    private List<String> staleNames() {
        return sessions.values().stream()
                .filter(rt -> rt.ownsChild() && rt.stop == null && statuses.stale(rt))
                .map(rt -> rt.name).toList();
    }

    /**
     * A session that gave up ({@code failed} after its restart cap, or {@code exited} by its
     * policy) gets a fresh start when its {@code session.json} changes: the fix a user makes to
     * a broken session is exactly that change, and waiting for a second, manual start would
     * surprise them. A stop that timed out ({@code STUCK}) is not released: its survivors remain.
     */
    private static void releaseTerminalHold(SessionRuntime rt) {
        if (rt.hold.kind() == Hold.Kind.FAILED || rt.hold.kind() == Hold.Kind.EXITED) {
            LOG.info("session {}: session.json changed; {} is cleared and it may start again", rt.name,
                    rt.hold.kind().name().toLowerCase(java.util.Locale.ROOT));
            rt.hold = Hold.NONE;
            rt.retry = RetryState.FRESH;
        }
    }

    private ReloadResult onReload(List<SessionEntry> entries, Instant now) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<InvalidSession> invalid = new ArrayList<>();
        Map<String, SessionEntry> byName = new HashMap<>();
        for (SessionEntry e : entries) {
            byName.put(e.name(), e);
        }
        for (SessionEntry e : new TreeMap<>(byName).values()) {
            SessionRuntime rt = sessions.get(e.name());
            // The registry poll's usual case: an entry as it was, with nothing to decide again.
            boolean asBefore = rt != null && !rt.removed && e.equals(rt.entry);
            String fp = asBefore || e.spec() == null ? null : SessionSpecWriter.fingerprint(e.spec());
            if (rt == null) {
                rt = new SessionRuntime(e);
                rt.activeSpec = e.spec();
                rt.activeFingerprint = fp;
                sessions.put(e.name(), rt);
                touched.add(e.name());
                firstSight(rt);
                if (e.spec() != null) {
                    added.add(e.name());
                }
            } else if (asBefore) {
                if (e.spec() != null) {
                    unchanged.add(e.name());
                }
            } else {
                touched.add(e.name());
                rt.entry = e;
                rt.removed = false;
                if (e.spec() != null) {
                    if (!fp.equals(rt.activeFingerprint)) {
                        changed.add(e.name());
                        rt.activeSpec = e.spec();
                        rt.activeFingerprint = fp;
                        releaseTerminalHold(rt);
                        if (rt.child != null && rt.child.specFingerprint() == null) {
                            // Found while the spec was unreadable: what it runs is unknown, not "old".
                            rt.child = withSpec(rt.child, fp);
                        }
                    } else {
                        unchanged.add(e.name());
                    }
                }
            }
            if (e.spec() == null) {
                invalid.add(new InvalidSession(e.name(), e.configErrors()));
                LOG.warn("session {}: invalid session.json, running child left as it is: {}", e.name(), e.configErrors());
            }
        }
        for (SessionRuntime rt : sessions.values()) {
            if (!byName.containsKey(rt.name) && !rt.removed) {
                rt.removed = true;
                touched.add(rt.name);
                removed.add(rt.name);
            }
        }
        return new ReloadResult(added, removed, changed, unchanged, invalid);
    }

    private static LiveChild withSpec(LiveChild c, String fp) {
        return new LiveChild(c.pid(), c.pgid(), c.owner(), c.startTime(), c.argv(), c.executable(), c.exeFingerprint(),
                c.spawnedAt(), fp);
    }

    /** A session seen for the first time: its persisted intent and last exit, and what already runs. */
    private void firstSight(SessionRuntime rt) {
        if (!StateFiles.isRealHome(rt.home)) {
            return; // a link (refused by the registry): what it points at is another session's
        }
        if (!Files.isDirectory(StateFiles.dir(rt.home))) {
            return; // a new session: one look instead of four files that are not there
        }
        rt.intent = StateFiles.readIntent(rt.home).map(StateFiles.Intent::desired).orElse(null);
        rt.lastExit = StateFiles.readLastExit(rt.home).orElse(null);
        Optional<ChildRecord> record = StateFiles.readChild(rt.home);
        Optional<StateFiles.SpawnMark> mark = StateFiles.readSpawnMark(rt.home);
        Optional<LiveChild> adopted = discovery.adoptable(rt, record);
        Optional<LiveChild> unrecorded = adopted.isEmpty() ? mark.flatMap(m -> discovery.unrecorded(rt, m))
                : Optional.empty();
        Optional<LiveChild> found = adopted.or(() -> unrecorded).or(() -> discovery.external(rt));
        boolean markServed = true;
        if (unrecorded.isPresent()) {
            LiveChild c = unrecorded.get();
            markServed = recordChild(rt, new ChildRecord(c.pid(), c.pgid(), c.startTime(), List.of(), null, null,
                    c.spawnedAt(), selfPid));
        }
        if (mark.isPresent() && markServed) {
            clearSpawnMark(rt); // decided: kept only while it is the one record of a child that runs
        }
        if (found.isPresent()) {
            LiveChild c = found.get();
            LOG.info("session {}: found running pid {} ({})", rt.name, c.pid(), c.owner().wire());
            track(rt, c);
            return;
        }
        OptionalLong orphaned = discovery.orphanedGroup(rt, record);
        if (orphaned.isPresent()) {
            rt.lingeringPgid = orphaned.getAsLong();
        }
    }

    private void track(SessionRuntime rt, LiveChild c) {
        rt.child = c;
        String name = rt.name;
        OptionalLong start = c.startTime() == null ? OptionalLong.empty() : OptionalLong.of(c.startTime());
        processes.watch(c.pid(), c.owner() == Owner.SUPERVISOR, start,
                (pid, status) -> reportExit(new Event.Exited(name, pid, status)));
    }

    /** Called on the watcher thread. One tick wakes the loop for any number of exits. */
    private void reportExit(Event.Exited exit) {
        exits.add(exit);
        if (exitsSignalled.compareAndSet(false, true)) {
            queue.offer(new Event.Tick());
        }
    }

    /**
     * Handles every exit reported so far. An exit is a fact that precedes whatever the loop is
     * about to decide, so it is taken in before every reconcile rather than behind commands in the
     * queue: a loop behind on its queue must not judge a stop overdue while the leader's reported
     * end waits there (it used to fail such stops with "no exit reported").
     */
    private void drainExits() {
        exitsSignalled.set(false);
        for (Event.Exited x = exits.poll(); x != null; x = exits.poll()) {
            handleSafely(x);
        }
    }

    private void onExit(Event.Exited x, Instant now) {
        SessionRuntime rt = sessions.get(x.name());
        if (rt == null || rt.child == null || rt.child.pid() != x.pid()) {
            LOG.debug("ignoring exit of pid {} (session {}): not its current child", x.pid(), x.name());
            return;
        }
        LiveChild c = rt.child;
        rt.child = null;
        touched.add(rt.name);
        ExitStatus st = x.status();
        Duration lived = c.spawnedAt() == null ? null : Duration.between(c.spawnedAt(), now);
        rt.lastExit = new LastExit(st.code(), st.signal(), now, lived == null ? null : lived.toMillis() / 1000.0);
        unsavedExits.add(rt); // written after the reconcile, so a restart does not wait for the disk
        LOG.info("session {}: pid {} ended (code {}, signal {}, lived {})", rt.name, x.pid(), st.code(), st.signal(), lived);
        if (rt.stop != null) {
            return; // an end we asked for: the stop sequence goes on probing the group
        }
        if (c.observed().owned() && processes.groupAlive(c.pgid())) {
            LOG.info("session {}: group {} outlived its leader", rt.name, c.pgid());
            rt.lingeringPgid = c.pgid();
        }
        rt.exit = new Observed.PendingExit(st.code(), st.signal(), lived, false);
    }

    // ---- reconcile to a fixed point ----

    private void settle(Instant started) {
        drainExits();
        Set<String> work = new TreeSet<>(touched);
        touched.clear();
        work.addAll(wakeUps.takeDue(started));
        if (!work.isEmpty()) {
            views.beginChange();
        }
        Set<SessionRuntime> visited = new LinkedHashSet<>();
        for (int pass = 0; pass < MAX_PASSES && !work.isEmpty(); pass++) {
            // The time of this pass, not of the settle: a pass that spawned 1,000 children took
            // seconds, and a backoff counted from before them would be cut short by that much.
            Instant now = pass == 0 ? started : clock.instant();
            List<SessionRuntime> batch = new ArrayList<>();
            for (String name : work) {
                SessionRuntime rt = sessions.get(name);
                if (rt != null) {
                    batch.add(rt);
                }
            }
            visited.addAll(batch);
            stopProbe.refresh(batch.stream().filter(rt -> rt.stop != null).toList());
            Map<String, Desire> desired = new HashMap<>();
            Map<String, Observed> observed = new HashMap<>();
            Map<String, RetryState> retry = new HashMap<>();
            for (SessionRuntime rt : batch) {
                Desire d = rt.desire(stopAll);
                if (d != null) {
                    desired.put(rt.name, d);
                }
                observed.put(rt.name, rt.observed());
                retry.put(rt.name, rt.retry);
                wakeUps.clear(rt.name); // asked again below: by this pass's WakeAt, or by its next pass
            }
            List<Action> actions = reconciler.reconcile(desired, observed, retry, now);
            List<String> sweeping = new ArrayList<>();
            for (Action a : actions) {
                if (a instanceof Action.SweepEscapees w) {
                    sweeping.add(w.home().toString());
                }
            }
            Map<String, List<Long>> escapees = stopProbe.escapees(sweeping);
            Set<String> changed = new TreeSet<>();
            List<Action.Spawn> spawns = new ArrayList<>();
            for (Action a : actions) {
                if (a instanceof Action.Spawn s) {
                    spawns.add(s); // a session with a Spawn has no other action in this pass
                } else if (apply(a, now, escapees)) {
                    changed.add(a.name());
                }
            }
            changed.addAll(spawnAll(spawns));
            for (SessionRuntime rt : batch) {
                if (rt.stop != null && sessions.get(rt.name) == rt) {
                    wakeUps.noLaterThan(rt.name, now.plus(config.probeInterval()));
                }
            }
            work = changed;
        }
        if (!work.isEmpty()) {
            LOG.warn("reconcile did not settle after {} passes: {}", MAX_PASSES, work);
            touched.addAll(work);
        }
        saveExits();
        publishViews(visited); // after the files: a status answered from the views comes after them, as before
        visited.removeIf(rt -> sessions.get(rt.name) != rt); // forgotten
        Instant now = clock.instant();
        answerSettled(visited, now);
        reportTransitions(visited, now);
        afterSettle.forEach(Runnable::run);
        afterSettle.clear();
    }

    /**
     * The views of the sessions this settle looked at (every session an event changed is among
     * them: each handler touches the sessions it changes), and of none other: a settle's cost stays
     * that of the sessions involved. Forgotten and removed ones are withdrawn, answered as not found.
     * Then readers may use the views again: a reply completed earlier in this change was completed
     * while they could not, and the replies completed after this (start and stop waiters, reload)
     * come after the views that reflect them.
     */
    private void publishViews(Set<SessionRuntime> visited) {
        for (SessionRuntime rt : visited) {
            if (rt.removed || sessions.get(rt.name) != rt) {
                views.withdraw(rt.name);
            }
        }
        for (SessionRuntime rt : visited) {
            if (!rt.removed && sessions.get(rt.name) == rt) {
                views.publish(SessionView.of(rt, rt.state(stopAll)));
            }
        }
        views.endChange();
    }

    /** Writes {@code last_exit.json} of the children that ended since the last reconcile. */
    private void saveExits() {
        for (SessionRuntime rt : unsavedExits) {
            if (rt.removed || !StateFiles.isRealHome(rt.home)) {
                // The home was moved or deleted (the session was removed): writing would create it
                // again, and the next scan would find a new session there with every default.
                LOG.info("session {}: home {} is gone; last_exit.json not written", rt.name, rt.home);
                continue;
            }
            try {
                StateFiles.writeLastExit(rt.home, rt.lastExit);
            } catch (IOException e) {
                LOG.warn("session {}: cannot write last_exit.json: {}", rt.name, e.toString());
            }
        }
        unsavedExits.clear();
    }

    /** Applies one action; true when it changed state (another reconcile pass is due). */
    private boolean apply(Action action, Instant now, Map<String, List<Long>> escapees) {
        SessionRuntime rt = sessions.get(action.name());
        if (rt == null) {
            return false;
        }
        switch (action) {
            case Action.Spawn s -> throw new IllegalStateException("spawns are applied as a batch: " + s);
            case Action.BeginStop b -> {
                LOG.info("session {}: stopping group {} with SIG{} ({}; grace {} s)", rt.name, b.pgid(), b.signal(),
                        b.reason(), b.grace().toSeconds());
                boolean alive = processes.signalGroup(b.pgid(), b.signal().number());
                rt.stop = new Stop(b.pgid(), b.reason(), b.grace(), Stage.SIGNALLED, now, alive, List.of());
                if (b.reason() == StopReason.RESTART) {
                    rt.request = rt.request == Request.RESTART ? Request.START : rt.request;
                }
            }
            case Action.KillGroup k -> {
                LOG.info("session {}: group {} outlived its grace; SIGKILL", rt.name, k.pgid());
                processes.signalGroup(k.pgid(), SIGKILL);
                Stop s = rt.stop;
                rt.stop = new Stop(s.pgid(), s.reason(), s.grace(), Stage.KILLED, now, true, List.of());
            }
            case Action.SweepEscapees w -> {
                List<Long> found = escapees.getOrDefault(rt.wireHome(), List.of());
                for (long pid : found) {
                    LOG.info("session {}: killing escaped pid {}", rt.name, pid);
                    processes.signal(pid, SIGKILL);
                }
                Stop s = rt.stop;
                boolean entering = s.stage() != Stage.SWEPT;
                rt.stop = new Stop(s.pgid(), s.reason(), s.grace(), Stage.SWEPT, entering ? now : s.stageSince(), false,
                        found);
                return entering;
            }
            case Action.FinishStop f -> {
                LOG.info("session {}: stopped", rt.name);
                rt.stop = null;
                rt.lingeringPgid = null;
                rt.graceOverride = null;
            }
            case Action.StopTimedOut t -> {
                LOG.error("session {}: stop timed out: {}", rt.name, t.reason());
                RpcException err = new RpcException(ErrorCode.STOP_TIMEOUT, "session " + rt.name + ": " + t.reason(),
                        data(rt.name).set("survivors", Json.mapper().valueToTree(t.survivors())));
                rt.stop = null;
                rt.child = null;
                rt.lingeringPgid = null;
                rt.request = Request.NONE;
                rt.hold = Hold.stuck("stop timed out: " + t.reason());
                failAll(rt.stopWaiters, err);
                failAll(rt.startWaiters, err);
            }
            case Action.ScheduleRestart r -> {
                rt.exit = null;
                rt.hold = Hold.backoff(r.at());
                rt.retry = new RetryState(r.backoff(), r.window());
                LOG.info("session {}: restarting at {}", rt.name, r.at());
            }
            case Action.MarkFailed m -> {
                LOG.warn("session {}: failed: {}", rt.name, m.reason());
                rt.exit = null;
                rt.hold = Hold.failed(m.reason());
            }
            case Action.MarkExited m -> {
                rt.exit = null;
                rt.hold = Hold.EXITED;
            }
            case Action.AcknowledgeExit a -> {
                rt.exit = null;
                rt.hold = Hold.NONE;
            }
            case Action.ClearHold c -> rt.hold = Hold.NONE;
            case Action.WakeAt w -> {
                wakeUps.noLaterThan(rt.name, w.at());
                return false;
            }
            case Action.Forget f -> {
                SessionStatus last = status(rt, now);
                rt.stopWaiters.forEach(w -> w.complete(last));
                failAll(rt.startWaiters, notFound(rt.name));
                sessions.remove(rt.name);
                wakeUps.clear(rt.name);
                statuses.forget(rt.home);
                LOG.info("session {}: removed from the registry and forgotten", rt.name);
            }
        }
        return true;
    }

    /**
     * Starts the children of {@code spawns}, their file and process steps shared between this
     * thread and the batch's helpers ({@link SpawnBatch}); returns the sessions it changed.
     */
    private List<String> spawnAll(List<Action.Spawn> spawns) {
        List<String> changed = new ArrayList<>();
        List<PreparedSpawn> prepared = new ArrayList<>();
        for (Action.Spawn s : spawns) {
            SessionRuntime rt = sessions.get(s.name());
            if (rt == null) {
                continue;
            }
            changed.add(rt.name);
            SpawnBatch.Job job = prepareSpawn(rt, s.kind(), clock.instant());
            if (job != null) {
                prepared.add(new PreparedSpawn(rt, s.kind(), job));
            }
        }
        List<SpawnBatch.Outcome> outcomes = spawnBatch.run(prepared.stream().map(PreparedSpawn::job).toList());
        Throwable unexpected = null;
        for (int i = 0; i < outcomes.size(); i++) {
            SpawnBatch.Outcome o = outcomes.get(i);
            if (o.unexpected() == null) {
                finishSpawn(prepared.get(i).rt(), prepared.get(i).kind(), o);
            } else if (unexpected == null) {
                unexpected = o.unexpected();
            } else {
                unexpected.addSuppressed(o.unexpected());
            }
        }
        if (unexpected != null) {
            // A bug in a spawn ends the loop, as it always did, once the other sessions of the batch
            // track their children; its mark stays for the next supervisor to adopt from.
            if (unexpected instanceof Error err) {
                throw err;
            }
            throw unexpected instanceof RuntimeException re ? re : new IllegalStateException(unexpected);
        }
        return changed;
    }

    /** A spawn the loop has prepared, and what to apply its outcome to. */
    private record PreparedSpawn(SessionRuntime rt, SpawnKind kind, SpawnBatch.Job job) {}

    /** The loop's part before a spawn; null when someone else already runs the session's daemon. */
    private SpawnBatch.Job prepareSpawn(SessionRuntime rt, SpawnKind kind, Instant now) {
        // Subscribers see every start as starting -> running (or -> backoff when the spawn fails),
        // although the spawn completes within this pass.
        report(rt, SessionState.STARTING, now);
        rt.request = Request.NONE;
        rt.hold = Hold.NONE;
        if (kind == SpawnKind.MANUAL) {
            rt.retry = RetryState.FRESH;
            rt.restartCount = 0;
        }
        // Idempotent spawn: someone may have started this session's daemon by hand meanwhile.
        Optional<LiveChild> ext = discovery.external(rt);
        if (ext.isPresent()) {
            LOG.info("session {}: pid {} already runs it (external); leaving it alone", rt.name, ext.get().pid());
            track(rt, ext.get());
            return null;
        }
        if (kind == SpawnKind.AUTOMATIC) {
            rt.restartCount++; // a failed spawn counts too: it was a restart attempt
        }
        return new SpawnBatch.Job(rt.name, rt.home, spawner.request(rt.activeSpec, rt.home, rt.wireHome()));
    }

    /** The loop's part after a spawn: the session tracks its child, or backs off and says why. */
    private void finishSpawn(SessionRuntime rt, SpawnKind kind, SpawnBatch.Outcome o) {
        List<String> argv = o.job().request().argv();
        if (o.child() == null) {
            LOG.warn("session {}: spawn of {} failed: {}", rt.name, argv, o.failure());
            rt.exit = Observed.PendingExit.ofSpawnFailure();
            rt.lastError = new LastError(o.failure(), o.at());
            RpcException err = new RpcException(ErrorCode.SPAWN_FAILED, "session " + rt.name + ": cannot start "
                    + argv.getFirst() + ": " + o.failure(), data(rt.name).put("detail", o.failure()));
            failAll(rt.startWaiters, err);
            return;
        }
        SpawnedChild c = o.child();
        // A child.json that could not be written leaves the child running; only its adoption by the
        // next supervisor is at risk, and status says so, because a user who restarts the
        // supervisor would otherwise meet an unexplained unmanaged process.
        rt.lastError = null;
        if (o.recordFailure() != null) {
            LOG.warn("session {}: {}", rt.name, o.recordFailure());
            rt.lastError = new LastError(o.recordFailure(), o.at());
        }
        LOG.info("session {}: spawned pid {} ({})", rt.name, c.pid(), kind);
        track(rt, new LiveChild(c.pid(), c.pgid(), Owner.SUPERVISOR, c.startTime(), argv, c.executable(),
                c.fingerprint(), o.at(), rt.activeFingerprint));
    }

    /**
     * Writes {@code child.json} for a child found by its mark; on failure the child runs on, and
     * only its adoption by the next supervisor is at risk. Status says so.
     */
    private boolean recordChild(SessionRuntime rt, ChildRecord record) {
        String failure = SpawnBatch.recordChild(rt.home, record);
        if (failure != null) {
            LOG.warn("session {}: {}", rt.name, failure);
            rt.lastError = new LastError(failure, clock.instant());
        }
        return failure == null;
    }

    private void clearSpawnMark(SessionRuntime rt) {
        SpawnBatch.clearSpawnMark(rt.name, rt.home);
    }

    /** Answers the futures whose condition now holds. */
    private void answerSettled(Set<SessionRuntime> visited, Instant now) {
        for (SessionRuntime rt : visited) {
            if (!rt.startWaiters.isEmpty() && rt.child != null && rt.stop == null && rt.request == Request.NONE) {
                SessionStatus s = status(rt, now);
                rt.startWaiters.forEach(f -> f.complete(s));
                rt.startWaiters.clear();
            }
            if (!rt.stopWaiters.isEmpty() && rt.stop == null && rt.lingeringPgid == null
                    && (!rt.ownsChild() || rt.desired(stopAll) == Desired.UP)) {
                SessionStatus s = status(rt, now);
                rt.stopWaiters.forEach(f -> f.complete(s));
                rt.stopWaiters.clear();
            }
        }
    }

    private void reportTransitions(Set<SessionRuntime> visited, Instant now) {
        for (SessionRuntime rt : visited) {
            report(rt, rt.state(stopAll), now);
        }
    }

    private void report(SessionRuntime rt, SessionState to, Instant now) {
        if (to != rt.reportedState) {
            SessionState from = rt.reportedState;
            rt.reportedState = to;
            try {
                if (!listener.listening(rt.name)) {
                    return; // a status reads files; with no subscriber, a spawn need not wait for that
                }
                listener.changed(rt.name, from, to, now, statuses.build(rt, to, now));
            } catch (RuntimeException e) {
                LOG.warn("transition listener failed for session {}", rt.name, e);
            }
        }
    }

    // ---- helpers ----

    private SessionStatus status(SessionRuntime rt, Instant now) {
        return statuses.build(rt, rt.state(stopAll), now);
    }

    private SessionRuntime session(String name) throws RpcException {
        SessionRuntime rt = sessions.get(name);
        if (rt == null || rt.removed) {
            throw notFound(name);
        }
        return rt;
    }

    /** A session that has a spec to run. */
    private SessionRuntime runnable(String name) throws RpcException {
        SessionRuntime rt = session(name);
        if (rt.activeSpec == null) {
            ObjectNode data = data(name);
            data.set("errors", Json.mapper().valueToTree(rt.entry.configErrors()));
            throw new RpcException(ErrorCode.INVALID_CONFIG, "session " + name + ": session.json is invalid", data);
        }
        return rt;
    }

    private void setIntent(SessionRuntime rt, Desired d, Instant now) {
        rt.intent = d;
        if (!StateFiles.isRealHome(rt.home)) {
            // A link the registry refused: writing through it would set another session's intent.
            LOG.warn("session {}: {} is not a real directory; intent {} is not persisted", rt.name, rt.home, d.wire());
            return;
        }
        try {
            StateFiles.writeIntent(rt.home, new StateFiles.Intent(d, now));
        } catch (IOException e) {
            // The intent holds for this daemon's life; only its survival across restarts is lost.
            LOG.error("session {}: cannot persist intent {}: {}", rt.name, d.wire(), e.toString());
        }
    }

    private static ObjectNode data(String session) {
        return Json.mapper().createObjectNode().put("session", session);
    }

    private static RpcException notFound(String name) {
        return new RpcException(ErrorCode.SESSION_NOT_FOUND, "no session named " + name, data(name));
    }

    private static RpcException shuttingDownError() {
        return new RpcException(ErrorCode.SHUTTING_DOWN, "the supervisor is shutting down", null);
    }

    private static <T> void failAll(List<CompletableFuture<T>> futures, Throwable err) {
        futures.forEach(f -> f.completeExceptionally(err));
        futures.clear();
    }

    private static RpcException asRpc(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return cause instanceof RpcException r ? r
                : new RpcException(ErrorCode.INTERNAL_ERROR, "internal error", null);
    }
}
