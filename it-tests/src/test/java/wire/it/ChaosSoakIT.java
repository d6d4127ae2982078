package wire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import wire.ipc.NotificationStream;
import wire.ipc.RpcClient;
import wire.protocol.ErrorCode;
import wire.protocol.Json;
import wire.protocol.Notification;
import wire.protocol.ParsedSpec;
import wire.protocol.RpcException;
import wire.protocol.SessionSpecParser;

/**
 * Issue 8, the chaos soak: one supervisor, started as a user starts it (detached, with the JVM
 * flags and 32 MiB heap cap it always runs with), over sessions of mixed helpers (healthy, crash-looping, ignoring SIGTERM, forking and
 * escaping its group, chatty), while the test kills children and the daemon itself with SIGKILL,
 * reloads with added, removed, changed and broken sessions, deletes the socket, stops and starts
 * sessions, and clients keep calling {@code list} and {@code status} and following logs. After
 * every step the machine is checked against the model: exactly one process tree per up session
 * (its root the listed pid), nothing left for stopped or removed sessions, every
 * {@code session.json} and state file parseable, and the daemon's fds, threads, RSS and heap
 * bounded. The live heap (after a full collection) is measured now and then and must stay flat;
 * the followers check that no line of a chatty child is lost or repeated.
 *
 * <p>{@code -Dwire.soak.seconds} (default 45) sets how long faults are injected,
 * {@code -Dwire.soak.seed} the random seed, {@code -Dwire.soak.sessions} (default 50) and
 * {@code -Dwire.soak.clients} (default 100: half follow a session's logs, half call, on virtual
 * threads) the load, {@code -Dwire.soak.callsPerSecond} (default 50) the callers' total pace.
 * The figures are printed at the end and written to {@code target/chaos-soak.txt}.
 */
class ChaosSoakIT {
    private static final long SECONDS = Long.getLong("wire.soak.seconds", 45);
    private static final long SEED = Long.getLong("wire.soak.seed", 20261123L);
    private static final int SESSIONS = Integer.getInteger("wire.soak.sessions", 50);
    private static final int CLIENTS = Integer.getInteger("wire.soak.clients", 100);
    private static final int CALLS_PER_SECOND = Integer.getInteger("wire.soak.callsPerSecond", 50);
    private static final Duration SETTLE = Duration.ofSeconds(45);

    /** The supervisor's heap cap in production (SelfCommand), which the heap bounds below rely on. */
    private static final long HEAP_CAP = 32L << 20;
    private static final int MAX_FDS = 512;
    private static final int MAX_THREADS = 96;
    private static final long MAX_RSS_KIB = 256 * 1024;
    /** The live heap may grow by this much over the first measurement with every client connected. */
    private static final double LIVE_GROWTH = 1.5;
    private static final long LIVE_SLACK = 2L << 20;
    /** Steps between two live-heap measurements (each is a jcmd and a full collection). */
    private static final int LIVE_EVERY = 10;

    @RegisterExtension
    final WireSandbox sandbox = new WireSandbox();

    enum Kind {
        SLEEPER, CRASH, IGNORE_TERM, FORKER, CHATTY
    }

    /** What the test believes about one session. */
    private final class Session {
        final String name;
        final Kind kind;
        Path home;
        boolean present = true;
        boolean up = true;
        int variant;

        Session(String name, Kind kind) {
            this.name = name;
            this.kind = kind;
            this.home = sandbox.home(name);
        }

        boolean healthy() {
            return kind != Kind.CRASH;
        }

        void write() {
            Path program = switch (kind) {
                case SLEEPER -> sandbox.helper("sleeper.sh");
                case CRASH -> sandbox.helper("crash.sh");
                case IGNORE_TERM -> sandbox.helper("ignore-term.sh");
                case FORKER -> sandbox.helper("forker.sh");
                case CHATTY -> chatty;
            };
            // Bound (cwd) so the idle filter never applies; a restart cap no soak reaches, so a
            // session is never failed; a short grace so ignore-TERM children cost one second.
            sandbox.writeSession(name, "{\"command\": [\"" + program + "\"], \"cwd\": \"/tmp\", \"env\": {\"SOAK_VARIANT\": \""
                    + variant + "\"}, \"max_restarts\": 1000000, \"restart_window_seconds\": 1,"
                    + " \"stop_grace_seconds\": 1, \"log_max_bytes\": 65536, \"log_keep\": 2}");
        }
    }

    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final List<Session> removed = new ArrayList<>();
    private final Random random = new Random(SEED);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong clientCalls = new AtomicLong();
    private final AtomicLong clientUnavailable = new AtomicLong();
    private final AtomicLong clientInternalErrors = new AtomicLong();
    private final AtomicLong logLines = new AtomicLong();
    private final AtomicLong linesChecked = new AtomicLong();
    private final AtomicLong linesMissing = new AtomicLong();
    private final AtomicLong linesRepeated = new AtomicLong();
    private final AtomicLong dropsAnnounced = new AtomicLong();
    private final CountDownLatch clientsAnswered = new CountDownLatch(CLIENTS);
    private final Semaphore callPermits = new Semaphore(0);
    private Path chatty;
    /** The supervisor, started the way a user starts it: detached, with its own JVM flags. */
    private long daemon;
    private long operations;
    private long faults;
    private long checks;
    private int added;
    private ProcTable.Usage peak = new ProcTable.Usage(0, 0, 0);
    private long peakHeapUsed;
    private long fullCollections;
    private DaemonHeap.Sample lastHeap;
    private final List<Long> liveHeap = new ArrayList<>();
    private DaemonHeap.Live largestLiveHeap;
    private final List<String> log = new ArrayList<>();

    /** The supervisors' own log outlives the sandbox, next to the figures: a failure's evidence. */
    @AfterEach
    void keepDaemonLog() throws IOException {
        Path log = sandbox.root().resolve("supervisor.log");
        if (Files.exists(log)) {
            Path report = Path.of(System.getProperty("wire.soak.report", "target/chaos-soak.txt"));
            Files.copy(log, report.resolveSibling("chaos-soak-daemons.log"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void underFaultsAndLoadEveryInvariantHoldsAfterEveryStep() throws Exception {
        chatty = Supervision.script(sandbox, "chatty.sh",
                "i=0\nwhile :; do i=$((i+1)); echo \"chatty $$ line $i\"; echo \"chatty $$ err $i\" >&2; sleep 0.05; done");
        Kind[] mix = {Kind.SLEEPER, Kind.SLEEPER, Kind.SLEEPER, Kind.SLEEPER, Kind.CRASH, Kind.IGNORE_TERM,
            Kind.FORKER, Kind.CHATTY};
        for (int i = 0; i < SESSIONS; i++) {
            Session s = new Session(String.format("s%02d", i), mix[i % mix.length]);
            s.write();
            sessions.put(s.name, s);
        }
        daemon = startDaemon();
        settle("first start");
        checkerSeesAPlantedDuplicate();

        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        int perTick = Math.max(1, CALLS_PER_SECOND / 100);
        pacer.scheduleAtFixedRate(() -> {
            if (callPermits.availablePermits() < perTick * 10) {
                callPermits.release(perTick); // no more than 100 ms of calls saved up
            }
        }, 10, 10, TimeUnit.MILLISECONDS);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int n = i;
            clients.add(Thread.ofVirtual().name("soak-client-" + i).start(() -> client(n)));
        }
        long end = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
        String stoppedBy = null;
        try {
            assertTrue(clientsAnswered.await(SETTLE.toSeconds(), TimeUnit.SECONDS), "every client was answered once");
            measureLiveHeap();
            while (System.nanoTime() < end) {
                long started = System.nanoTime();
                try {
                    step();
                } catch (Exception | AssertionError e) {
                    throw new AssertionError("step " + operations + " failed: " + e + "\nsteps so far: " + log, e);
                }
                settle(log.getLast());
                // How long the step and its settling took: a slow daemon shows up here first.
                log.set(log.size() - 1, log.getLast() + " (" + (System.nanoTime() - started) / 1_000_000 + " ms)");
                if (operations % LIVE_EVERY == 0) {
                    measureLiveHeap();
                }
            }
            measureLiveHeap();
            fullCollections += lastHeap.fullCollections();
        } catch (Exception | AssertionError e) {
            stoppedBy = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            fullCollections += lastHeap == null ? 0 : lastHeap.fullCollections();
            throw e;
        } finally {
            running.set(false);
            pacer.shutdownNow();
            for (Thread t : clients) {
                t.join(Duration.ofSeconds(10));
            }
            if (stoppedBy != null) {
                report(figures(clientInternalErrors.get() + linesMissing.get() + linesRepeated.get(), stoppedBy));
            }
        }
        long missing = Supervisors.list(sandbox).keySet().stream().filter(n -> !sessions.containsKey(n)).count()
                + sessions.keySet().stream().filter(n -> !listedNames().contains(n)).count();
        long lost = missing + clientInternalErrors.get() + linesMissing.get() + linesRepeated.get();
        String figures = figures(lost, null);
        report(figures);
        assertEquals(0, lost, figures);
        assertTrue(clientCalls.get() > 0 && linesChecked.get() > 0, "the clients were answered and followed lines");
    }

    /** What the soak did; {@code stoppedBy} says what ended it early, or is null for a whole run. */
    private String figures(long lost, String stoppedBy) {
        return String.format("""
                chaos soak (seed %d, %d s, %d sessions at start, %d clients)%s:
                  operations: %d (of them faults injected: %d)
                  invariant checks passed: %d
                  sessions added %d, removed %d
                  client calls answered: %d; refused while the daemon was down or rebinding: %d
                  log lines followed: %d; chatty lines checked in order: %d (missing %d, repeated %d, drops announced %d)
                  daemon peak: %d fds, %d threads, %d MiB RSS, heap used %.1f of %d MiB
                  live heap after a full collection: %s MiB (%d measurements); %d full collections, %d of them the measurements
                  lost: %d""", SEED, SECONDS, SESSIONS, CLIENTS,
                stoppedBy == null ? "" : ", STOPPED at step " + operations + " by: " + stoppedBy,
                operations, faults, checks, added, removed.size(),
                clientCalls.get(), clientUnavailable.get(), logLines.get(), linesChecked.get(), linesMissing.get(),
                linesRepeated.get(), dropsAnnounced.get(), peak.fds(), peak.threads(), peak.rssKib() / 1024,
                mib(peakHeapUsed), HEAP_CAP >> 20, liveHeapRange(), liveHeap.size(), fullCollections, liveHeap.size(), lost);
    }

    private void report(String figures) throws IOException {
        System.out.println(figures);
        Files.writeString(Path.of(System.getProperty("wire.soak.report", "target/chaos-soak.txt")),
                figures + "\nthe largest live heap measured, by class:\n"
                        + (largestLiveHeap == null ? "-" : String.join("\n", largestLiveHeap.top()))
                        + "\nsteps:\n  " + String.join("\n  ", log) + "\n");
    }

    /**
     * Starts the supervisor as a user does, {@code wire daemon --all-sessions}, which detaches it
     * with the JVM flags and heap cap it always runs with, and returns its pid. The previous
     * one's collections are counted first.
     */
    private long startDaemon() throws RpcException {
        if (lastHeap != null) {
            fullCollections += lastHeap.fullCollections();
            lastHeap = null;
        }
        WireSandbox.CliResult started = sandbox.cli("daemon", "--all-sessions", "--registry-poll", "1");
        assertEquals(0, started.exitCode(), started.describe());
        return sandbox.call("list", null).path("supervisor").path("pid").asLong();
    }

    // ---- one random step ----

    private void step() throws Exception {
        operations++;
        int dice = random.nextInt(100);
        if (dice < 30) {
            faults++;
            killChild();
        } else if (dice < 36) {
            faults++;
            measureLiveHeap(); // the daemon at its oldest
            log.add("kill -9 the daemon");
            long dying = daemon;
            Procs.killHard(dying);
            Awaits.await().until(() -> !Procs.alive(dying));
            daemon = startDaemon();
        } else if (dice < 42) {
            faults++;
            log.add("delete the socket");
            Files.deleteIfExists(sandbox.socket());
            Awaits.await(Duration.ofSeconds(10)).until(() -> Supervisors.answers(sandbox.socket()));
        } else if (dice < 52) {
            faults++;
            garbageThenRepair();
        } else if (dice < 62) {
            changeOne();
        } else if (dice < 70) {
            addOne();
        } else if (dice < 78) {
            removeOne();
        } else if (dice < 89) {
            stopOne();
        } else {
            startOne();
        }
    }

    private void killChild() throws RpcException {
        Session s = pick(x -> x.present && x.up && x.healthy());
        if (s == null) {
            log.add("kill -9 a child: none running");
            return;
        }
        JsonNode st = sandbox.status(s.name);
        long pid = st.path("pid").asLong(-1);
        log.add("kill -9 the child " + pid + " of " + s.name + " (" + s.kind + ")");
        if (pid > 0) {
            Procs.killHard(pid);
            // SIGKILL lands when the process next runs: until then the machine still matches the
            // model, and a check made now would pass on the old state.
            Awaits.await().until(() -> !Procs.alive(pid));
        }
    }

    /** An invalid session.json is reported and its running child left alone; then it is fixed. */
    private void garbageThenRepair() throws Exception {
        Session s = pick(x -> x.present && x.up && x.healthy());
        if (s == null) {
            log.add("(no session to pick)");
            return;
        }
        log.add("garbage session.json for " + s.name);
        long before = sandbox.status(s.name).path("pid").asLong(-1);
        Files.writeString(s.home.resolve("session.json"), "{\"command\": [\"/bin/true\"], \"restart\": \"sometimes\", ");
        // The registry poll may see the file before this reload does: check what the daemon holds.
        sandbox.call("reload", null);
        JsonNode after = sandbox.status(s.name);
        if (before > 0 && after.path("state").asText().equals("running")) {
            assertEquals(before, after.path("pid").asLong(), "an invalid session.json left the child alone: " + after);
        }
        s.write();
        sandbox.call("reload", null);
    }

    /** A changed session.json restarts that session and no other. */
    private void changeOne() throws Exception {
        Session s = pick(x -> x.present && x.up && x.healthy());
        if (s == null) {
            log.add("(no session to pick)");
            return;
        }
        Map<String, Long> others = runningPids();
        sessions.values().stream().filter(x -> !x.healthy()).forEach(x -> others.remove(x.name));
        long old = others.getOrDefault(s.name, -1L);
        others.remove(s.name);
        log.add("change " + s.name);
        s.variant++;
        s.write();
        sandbox.call("reload", null);
        if (old > 0) {
            Awaits.await(SETTLE).until(() -> sandbox.status(s.name).path("pid").asLong(-1) != old);
        }
        Map<String, Long> now = runningPids();
        others.forEach((name, pid) -> {
            // Only a session whose child still runs the same process counts: nothing else was done to it.
            if (now.containsKey(name)) {
                assertEquals(pid, now.get(name), name + " was touched by the change of " + s.name);
            }
        });
    }

    private void addOne() throws RpcException {
        Kind[] kinds = Kind.values();
        Session s = new Session(String.format("n%03d", added++), kinds[random.nextInt(kinds.length)]);
        log.add("add " + s.name + " (" + s.kind + ")");
        s.write();
        sessions.put(s.name, s);
        sandbox.call("reload", null);
    }

    /** A session whose directory leaves {@code sessions/}: its processes go, the rest stay. */
    private void removeOne() throws Exception {
        Session s = pick(x -> x.present);
        if (s == null) {
            log.add("(no session to pick)");
            return;
        }
        log.add("remove " + s.name);
        Path gone = Files.createDirectories(sandbox.root().resolve("removed")).resolve(s.name + "-" + operations);
        Files.move(s.home, gone);
        sandbox.call("reload", null);
        s.present = false;
        sessions.remove(s.name);
        removed.add(s); // its processes still carry the old WIRE_HOME, which the checks look for
    }

    private void stopOne() throws RpcException {
        Session s = pick(x -> x.present && x.up);
        if (s == null) {
            log.add("(no session to pick)");
            return;
        }
        log.add("stop " + s.name);
        JsonNode st = sandbox.call("stop", Map.of("session", s.name));
        assertEquals("stopped", st.path("state").asText(), st::toString);
        s.up = false;
    }

    private void startOne() throws RpcException {
        Session s = pick(x -> x.present && !x.up);
        if (s == null) {
            log.add("start: none stopped");
            return;
        }
        log.add("start " + s.name);
        try {
            sandbox.call("start", Map.of("session", s.name));
        } catch (RpcException e) {
            // A crash-looping child may fail its first start; the session is still up by intent.
            if (e.code() != ErrorCode.SPAWN_FAILED.code() || s.healthy()) {
                throw e;
            }
        }
        s.up = true;
    }

    // ---- the invariants ----

    /** The checks can fail: a second process tree planted in a session is seen, and once gone, not. */
    private void checkerSeesAPlantedDuplicate() throws Exception {
        Session victim = sessions.get("s00");
        ProcessBuilder pb = new ProcessBuilder("sleep", "1000000");
        pb.environment().put("WIRE_HOME", victim.home.toString());
        Process planted = pb.start();
        try {
            Awaits.await().until(() -> {
                String why = mismatch();
                return why != null && why.contains(Long.toString(planted.pid()));
            });
        } finally {
            planted.destroyForcibly();
            planted.waitFor();
        }
        settle("removing the planted duplicate");
    }

    /** Waits, with a deadline, until the machine matches the model; then checks the files and the daemon. */
    private void settle(String after) {
        String[] why = {""};
        try {
            // Each look is a list, which reads all of /proc in the daemon: looking every 20 ms
            // would make this test the daemon's heaviest client.
            Awaits.await(SETTLE).pollInterval(Duration.ofMillis(100)).until(() -> {
                why[0] = mismatch();
                return why[0] == null;
            });
        } catch (RuntimeException e) {
            throw new AssertionError("after \"" + after + "\" (step " + operations + "): " + why[0]
                    + "\nsteps so far: " + log, e);
        }
        checkFiles();
        ProcTable.Usage usage = ProcTable.Usage.of(daemon);
        peak = new ProcTable.Usage(Math.max(peak.fds(), usage.fds()), Math.max(peak.threads(), usage.threads()),
                Math.max(peak.rssKib(), usage.rssKib()));
        assertTrue(usage.fds() <= MAX_FDS && usage.threads() <= MAX_THREADS && usage.rssKib() <= MAX_RSS_KIB,
                "daemon over its bounds after \"" + after + "\": " + usage);
        lastHeap = DaemonHeap.sample(daemon);
        peakHeapUsed = Math.max(peakHeapUsed, lastHeap.usedBytes());
        assertTrue(lastHeap.maxBytes() <= HEAP_CAP && lastHeap.usedBytes() <= HEAP_CAP,
                "daemon heap over its cap after \"" + after + "\": " + lastHeap);
        assertTrue(Procs.alive(daemon) && !daemonLog().contains("OutOfMemoryError"), daemonLog());
        checks++;
    }

    private String daemonLog() {
        return Supervision.read(sandbox.root().resolve("supervisor.log"));
    }

    /**
     * The daemon's live heap now; it must stay within {@link #LIVE_GROWTH} of the first
     * measurement (taken with every client connected) plus {@link #LIVE_SLACK}. A new daemon
     * starts from nothing, so the measurement before each SIGKILL sees a daemon at its oldest.
     */
    private void measureLiveHeap() {
        long started = System.nanoTime();
        DaemonHeap.Live measured = DaemonHeap.live(daemon);
        long live = measured.bytes();
        if (!log.isEmpty()) {
            log.set(log.size() - 1, String.format("%s [live heap %.1f MiB, measured in %d ms]", log.getLast(), mib(live),
                    (System.nanoTime() - started) / 1_000_000));
        }
        if (liveHeap.isEmpty() || live > liveHeap.stream().mapToLong(Long::longValue).max().orElseThrow()) {
            largestLiveHeap = measured;
        }
        liveHeap.add(live);
        long bound = (long) (liveHeap.getFirst() * LIVE_GROWTH) + LIVE_SLACK;
        assertTrue(live <= bound, String.format("live heap grew from %.1f to %.1f MiB (bound %.1f) by step %d:%n%s",
                mib(liveHeap.getFirst()), mib(live), mib(bound), operations, String.join("\n", measured.top())));
    }

    private String liveHeapRange() {
        if (liveHeap.isEmpty()) {
            return "-";
        }
        long max = liveHeap.stream().mapToLong(Long::longValue).max().orElseThrow();
        return String.format("first %.1f, max %.1f, last %.1f", mib(liveHeap.getFirst()), mib(max), mib(liveHeap.getLast()));
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** Why the machine does not match the model yet, or null when it does. */
    private String mismatch() throws RpcException {
        Map<String, JsonNode> listed = Supervisors.list(sandbox);
        ProcTable procs = ProcTable.scan();
        for (Session s : sessions.values()) {
            JsonNode st = listed.get(s.name);
            if (st == null) {
                return s.name + " is not listed";
            }
            String state = st.path("state").asText();
            List<Long> roots = procs.roots(s.home);
            if (!s.up) {
                if (!state.equals("stopped") || !procs.of(s.home).isEmpty()) {
                    return s.name + " should be stopped with no process: " + state + ", " + procs.of(s.home);
                }
            } else if (s.healthy()) {
                long pid = st.path("pid").asLong(-1);
                boolean runningAlone = state.equals("running") && roots.equals(List.of(pid));
                // A child killed twice within 10 s backs off: then nothing of it may run.
                boolean backingOff = state.equals("backoff") && procs.of(s.home).isEmpty();
                if (!runningAlone && !backingOff) {
                    return s.name + " (" + s.kind + ") should run exactly one process tree: " + state + " pid " + pid
                            + ", roots " + roots + ", last exit " + st.path("last_exit") + ", last error "
                            + st.path("last_error");
                }
            } else if (roots.size() > 1 || !(state.equals("backoff") || state.equals("running") || state.equals("starting"))) {
                return s.name + " (crash loop) " + state + ", roots " + roots;
            }
        }
        for (Session s : removed) {
            if (listed.containsKey(s.name) && !sessions.containsKey(s.name)) {
                return "removed " + s.name + " is still listed";
            }
            if (!procs.of(s.home).isEmpty()) {
                return "removed " + s.name + " still has processes " + procs.of(s.home);
            }
        }
        return null;
    }

    /** Every session.json the test wrote parses as valid; every state file that exists is JSON. */
    private void checkFiles() {
        for (Session s : sessions.values()) {
            String text = Supervision.read(s.home.resolve("session.json"));
            ParsedSpec parsed = SessionSpecParser.parse("session.json", text);
            assertTrue(parsed instanceof ParsedSpec.Valid, () -> s.name + ": " + parsed.problems());
            Path state = Supervision.stateDir(s.home);
            for (String file : List.of("child.json", "intent.json", "last_exit.json", "spawning.json")) {
                Path f = state.resolve(file);
                if (Files.exists(f)) {
                    try {
                        JsonNode node = Json.mapper().readTree(Files.readString(f));
                        assertTrue(node != null && node.isObject(), () -> f + " is not a JSON object");
                    } catch (IOException e) {
                        throw new AssertionError(f + " does not parse", e);
                    }
                }
            }
        }
    }

    // ---- the clients ----

    /**
     * One client, until the soak ends, on a virtual thread: even ones follow a session's logs
     * (another session's once theirs is removed), odd ones call {@code list} and {@code status},
     * paced together to {@link #CALLS_PER_SECOND}, on one connection (every fourth: one per call).
     * All reconnect when the daemon goes away.
     */
    private void client(int n) {
        AtomicBoolean answeredOnce = new AtomicBoolean();
        Runnable answered = () -> {
            clientCalls.incrementAndGet();
            if (answeredOnce.compareAndSet(false, true)) {
                clientsAnswered.countDown();
            }
        };
        // Followers start on every eighth session from s07: the chatty ones (whose lines are
        // numbered, so order is checked), then others.
        int followed = 8 * (n / 2) + 7;
        while (running.get()) {
            try (RpcClient c = RpcClient.connect(sandbox.socket())) {
                if (n % 2 == 0) {
                    followed += follow(c, String.format("s%02d", followed % SESSIONS), answered) ? 0 : 8;
                } else {
                    boolean onePerCall = n % 8 == 7;
                    do {
                        if (callPermits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            call(c, answered);
                        }
                    } while (running.get() && !onePerCall);
                }
            } catch (IOException e) {
                clientUnavailable.incrementAndGet();
                waitForSocket();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void call(RpcClient c, Runnable answered) throws IOException {
        long n = clientCalls.get();
        try {
            if (n % 25 == 0) { // a list reads all of /proc in the daemon (for unmanaged): the rarer call
                c.call("list", null, Duration.ofSeconds(30));
            } else {
                c.call("status", Map.of("session", String.format("s%02d", (int) (n % SESSIONS))), Duration.ofSeconds(30));
            }
            answered.run();
        } catch (RpcException e) {
            refused(e, answered);
        }
    }

    /**
     * Follows {@code session}'s logs (the last 5 lines of each stream, then new ones) until the
     * soak ends or the stream does; false when the session does not exist (removed).
     */
    private boolean follow(RpcClient c, String session, Runnable answered) throws IOException, InterruptedException {
        LineOrder order = new LineOrder();
        try (NotificationStream stream = c.stream("logs", Map.of("session", session, "follow", true, "tail", 5))) {
            answered.run();
            while (running.get()) {
                Notification note;
                try {
                    note = stream.next(Duration.ofMillis(500));
                } catch (TimeoutException e) {
                    continue;
                }
                if (note == null) {
                    break; // the daemon went away or the session was removed: connect again
                }
                if ("log".equals(note.method())) {
                    if (note.params().hasNonNull("line")) {
                        logLines.incrementAndGet();
                    }
                    order.accept(note.params());
                }
            }
            return true;
        } catch (RpcException e) {
            refused(e, answered);
            return e.code() != ErrorCode.SESSION_NOT_FOUND.code();
        } finally {
            linesChecked.addAndGet(order.checked);
            linesMissing.addAndGet(order.missing);
            linesRepeated.addAndGet(order.repeated);
            dropsAnnounced.addAndGet(order.announcedDrops);
        }
    }

    /** An error answer is an answer; only -32603 means the daemon broke. */
    private void refused(RpcException e, Runnable answered) {
        answered.run();
        if (e.code() == ErrorCode.INTERNAL_ERROR.code()) {
            clientInternalErrors.incrementAndGet();
        }
    }

    private void waitForSocket() {
        try {
            Awaits.await(Duration.ofSeconds(30)).until(() -> !running.get() || Supervisors.answers(sandbox.socket()));
        } catch (RuntimeException e) {
            // the main thread reports a daemon that does not come back
        }
    }

    // ---- helpers ----

    private Session pick(java.util.function.Predicate<Session> filter) {
        List<Session> candidates = sessions.values().stream().filter(filter).toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private Map<String, Long> runningPids() throws RpcException {
        Map<String, Long> out = new LinkedHashMap<>();
        Supervisors.list(sandbox).forEach((name, st) -> {
            if (st.path("state").asText().equals("running")) {
                out.put(name, st.path("pid").asLong());
            }
        });
        return out;
    }

    private List<String> listedNames() {
        try {
            return List.copyOf(Supervisors.list(sandbox).keySet());
        } catch (RpcException e) {
            throw new IllegalStateException(e);
        }
    }

    static {
        // Keep the figures file's directory around even when run from another working directory.
        try {
            Files.createDirectories(Path.of("target"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
