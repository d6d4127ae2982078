"""wire against supervisord (and pm2 with --peers supervisord,pm2), N programs each running
`sleep 100000`, measured in one run.

Figures (each for wire and every peer, measured the same way, interleaved or in the same window):
  start_all_running_s   daemon start -> all N workload processes exist (counted in /proc)
  status_cli_ms         `bin/wire supervisor list` / `supervisorctl status`, whole process, median
  daemon_rss_mib        VmRSS of the daemon with N running, at the end of the idle window (after the
                        RPC load when it runs)
  daemon_rss_before_rpc_mib  the same right before the RPC load: the two show what a burst of
                        clients leaves behind
  idle_cpu_ms_per_30s   utime+stime of the daemon over the idle window, scaled to 30 s
  kill_child_ms         kill -9 of a child that has run >= 12 s -> a new child exists, median (new pids
                        only, from /proc/loadavg's last pid: no /proc scan inside the measurement)
  daemon_kill_restart   kill -9 of the daemon, start it again, settle: workload processes counted
  rpc_*                 status of one session over the daemon's socket (wire: JSON-RPC `status`,
                        wire.bench.RpcLoad; supervisord: XML-RPC supervisor.getProcessInfo,
                        bench/xmlrpc_load.py): persistent-connection round trips p50/p99/p999,
                        pipelined requests/s on one connection, 200 concurrent clients p50/p99.
                        wire's RPC server alone with a canned status (wire.bench.CannedServer,
                        the daemon's JVM flags) is measured too, to split transport from daemon.
Workload processes carry BENCH_RUN=<run id>-<system> in their environment, which is how they are
counted and how every one of them is cleaned up at the end, whatever happened.
Writes bench/results/<date>.json, .md, and .svg (the headline ratios, log scale).
"""
import argparse, datetime, json, os, platform, signal, socket, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import svgchart  # noqa: E402 - next to this file

CLK = os.sysconf("SC_CLK_TCK")


def workload_pids(marker):
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/environ", "rb") as f:
                if (b"BENCH_RUN=" + marker.encode()) in f.read().split(b"\0"):
                    out.append(int(d))
        except OSError:
            pass
    return out


def children(ppid):
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                s = f.read()
        except OSError:
            continue
        fields = s[s.rindex(")") + 2:].split()
        if int(fields[1]) == ppid and fields[0] != "Z" and s[s.index("(") + 1:s.rindex(")")] == "sleep":
            out.append(int(d))
    return out


def last_pid():
    """The pid the kernel handed out last (the fifth field of /proc/loadavg)."""
    with open("/proc/loadavg") as f:
        return int(f.read().split()[-1])


def new_sleep_child(ppid, since, timeout, poll=0.0005):
    """Waits for a running `sleep` child of ppid created after pid `since`. Reads /proc/loadavg and the
    stat of new pids only: a poll costs microseconds however many processes the machine runs, where a
    /proc scan (children()) takes tens of milliseconds with a few thousand and would be measured too."""
    seen, pending, end = since, set(), time.monotonic() + timeout
    pid_max = int(open("/proc/sys/kernel/pid_max").read())
    while time.monotonic() < end:
        now = last_pid()
        while seen != now:
            seen = seen + 1 if seen < pid_max else 1
            pending.add(seen)
        for p in list(pending):
            try:
                with open(f"/proc/{p}/stat") as f:
                    s = f.read()
            except OSError:
                pending.discard(p)
                continue
            fields = s[s.rindex(")") + 2:].split()
            if int(fields[1]) != ppid:
                pending.discard(p)
            elif fields[0] != "Z" and s[s.index("(") + 1:s.rindex(")")] == "sleep":
                return True  # before exec it is the daemon's image: look again at the next poll
        time.sleep(poll)
    return False


def cpu_ms(pid):
    with open(f"/proc/{pid}/stat") as f:
        s = f.read()
    fields = s[s.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / CLK


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return None


def threads(pid):
    return len(os.listdir(f"/proc/{pid}/task"))


def wait_until(pred, timeout, poll=0.005):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(poll)
    return pred()


def settled_count(marker, quiet_secs, timeout=180):
    """The number of workload processes once it has not changed for quiet_secs."""
    count, since, end = len(workload_pids(marker)), time.monotonic(), time.monotonic() + timeout
    while time.monotonic() < end and time.monotonic() - since < quiet_secs:
        time.sleep(0.25)
        now = len(workload_pids(marker))
        if now != count:
            count, since = now, time.monotonic()
    return count


class Wire:
    name = "wire"

    def __init__(self, top, base, n, marker):
        self.top, self.root, self.n, self.marker = top, os.path.join(base, "wire"), n, marker
        self.env = dict(os.environ, WIRE_ROOT=self.root)
        self.env.pop("WIRE_SOCKET", None)
        self.pid = None
        for i in range(n):
            home = os.path.join(self.root, "sessions", f"s{i:04d}")
            os.makedirs(home)
            with open(os.path.join(home, "session.json"), "w") as f:
                # cwd makes the session bound, so the idle filter never skips it.
                json.dump({"command": ["sleep", "100000"], "cwd": "/tmp", "env": {"BENCH_RUN": marker}}, f)

    def start(self):
        # As a user starts it: detached, with the daemon's own JVM flags; returns once the socket answers.
        subprocess.run([os.path.join(self.top, "bin", "wire"), "daemon", "--all-sessions"], env=self.env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, timeout=120)
        with open(os.path.join(self.root, "supervisor.pid")) as f:
            self.pid = json.load(f)["pid"]
        return self.pid

    def reap(self):
        wait_until(lambda: not os.path.exists(f"/proc/{self.pid}"), 30)

    def status_cmd(self):
        return [os.path.join(self.top, "bin", "wire"), "supervisor", "list"]

    def socket(self):
        return os.path.join(self.root, "supervisor.sock")

    def stop(self):
        try:
            subprocess.run([os.path.join(self.top, "bin", "wire"), "supervisor", "shutdown", "--stop-sessions"],
                           env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        finally:
            # The workload is killed by its marker afterwards; the daemon must not outlive the run either.
            if self.pid and os.path.exists(f"/proc/{self.pid}"):
                os.kill(self.pid, signal.SIGKILL)


class Supervisord:
    name = "supervisord"

    def __init__(self, base, n, marker):
        self.dir, self.n, self.marker = os.path.join(base, "supervisord"), n, marker
        os.makedirs(os.path.join(self.dir, "logs"))
        self.conf = os.path.join(self.dir, "supervisord.conf")
        lines = [
            "[unix_http_server]", f"file={self.dir}/supervisor.sock", "",
            "[supervisord]", f"logfile={self.dir}/supervisord.log", f"pidfile={self.dir}/supervisord.pid",
            f"childlogdir={self.dir}/logs", "nodaemon=true", "",
            "[rpcinterface:supervisor]", "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface", "",
            "[supervisorctl]", f"serverurl=unix://{self.dir}/supervisor.sock", ""]
        for i in range(n):
            lines += [f"[program:s{i:04d}]", "command=sleep 100000", "directory=/tmp", f'environment=BENCH_RUN="{marker}"',
                      "autorestart=true", ""]
        with open(self.conf, "w") as f:
            f.write("\n".join(lines))
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(["supervisord", "-c", self.conf], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        return self.proc.pid

    def status_cmd(self):
        return ["supervisorctl", "-c", self.conf, "status"]

    def socket(self):
        return os.path.join(self.dir, "supervisor.sock")

    def reap(self):
        self.proc.wait()

    def stop(self):
        subprocess.run(["supervisorctl", "-c", self.conf, "shutdown"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=120)
        if self.proc:
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Pm2:
    """pm2's daemon (God) with N fork-mode apps from one ecosystem file, under its own PM2_HOME."""
    name = "pm2"

    def __init__(self, base, n, marker):
        self.dir, self.n, self.marker = os.path.join(base, "pm2"), n, marker
        os.makedirs(self.dir)
        self.env = dict(os.environ, PM2_HOME=os.path.join(self.dir, "home"))
        self.ecosystem = os.path.join(self.dir, "ecosystem.json")
        apps = [{"name": f"s{i:04d}", "script": "sleep", "args": "100000", "interpreter": "none", "cwd": "/tmp",
                 "autorestart": True, "env": {"BENCH_RUN": marker}} for i in range(n)]
        with open(self.ecosystem, "w") as f:
            json.dump({"apps": apps}, f)
        self.pid = None

    def start(self):
        # `pm2 start` brings its daemon up (detached) and returns once it has sent the apps.
        subprocess.run(["pm2", "start", self.ecosystem], env=self.env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True, timeout=300)
        with open(os.path.join(self.env["PM2_HOME"], "pm2.pid")) as f:
            self.pid = int(f.read().strip())
        return self.pid

    def status_cmd(self):
        return ["pm2", "list"]

    def reap(self):
        wait_until(lambda: not os.path.exists(f"/proc/{self.pid}"), 30)

    def stop(self):
        try:
            subprocess.run(["pm2", "kill"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=120)
        finally:
            if self.pid and os.path.exists(f"/proc/{self.pid}"):
                os.kill(self.pid, signal.SIGKILL)


def timed_run(cmd, env=None):
    t = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - t) * 1000.0


def bench_n(args, n, run_id, log):
    base = tempfile.mkdtemp(prefix="wire-bench-")
    peers = {"supervisord": lambda: Supervisord(base, n, f"{run_id}-supervisord"),
             "pm2": lambda: Pm2(base, n, f"{run_id}-pm2")}
    systems = [Wire(args.top, base, n, f"{run_id}-wire")] + [peers[p]() for p in args.peers]
    res = {s.name: {} for s in systems}
    pids = {}
    try:
        # Start -> all N running, one system at a time (the other is not running yet).
        for s in systems:
            t = time.perf_counter()
            pids[s.name] = s.start()
            ok = wait_until(lambda: len(children(pids[s.name])) >= n, 300)
            res[s.name]["daemon_pid"] = pids[s.name]
            res[s.name]["start_all_running_s"] = round(time.perf_counter() - t, 3) if ok else None
            log(f"  N={n} {s.name}: all running after {res[s.name]['start_all_running_s']} s")
        time.sleep(2)
        # Status CLI, whole process, interleaved.
        times = {s.name: [] for s in systems}
        for s in systems:
            timed_run(s.status_cmd(), getattr(s, "env", None))
        for _ in range(args.runs):
            for s in systems:
                times[s.name].append(timed_run(s.status_cmd(), getattr(s, "env", None)))
        for s in systems:
            res[s.name]["status_cli_ms"] = round(statistics.median(times[s.name]), 1)
            res[s.name]["status_cli_ms_min"] = round(min(times[s.name]), 1)
        log(f"  N={n} status CLI: " + ", ".join(f"{k} {res[k]['status_cli_ms']} ms" for k in pids))
        if args.rpc:
            for k, p in pids.items():
                res[k]["daemon_rss_before_rpc_mib"] = round(rss_mib(p), 1)
            log(f"  N={n} RSS before the RPC load: " + ", ".join(f"{k} {res[k]['daemon_rss_before_rpc_mib']} MiB" for k in pids))
            rpc_figures(args, systems, res, log)
        if args.rpc_only:
            return res
        # Idle: every daemon in the same window, after the CLI and RPC calls have settled. After the RPC
        # load, 10 s: wire gives back what the burst grew 5 s after its last client left (a full GC,
        # a trim 1 s later), one-off work after the load that is not idle CPU (docs/performance.md).
        time.sleep(10 if args.rpc else 3)
        before = {k: cpu_ms(p) for k, p in pids.items()}
        time.sleep(args.idle_secs)
        for k, p in pids.items():
            res[k]["idle_cpu_ms_per_30s"] = round((cpu_ms(p) - before[k]) * 30.0 / args.idle_secs, 1)
            res[k]["daemon_rss_mib"] = round(rss_mib(p), 1)
            res[k]["daemon_threads"] = threads(p)
        log(f"  N={n} idle CPU/30 s: " + ", ".join(f"{k} {res[k]['idle_cpu_ms_per_30s']} ms" for k in pids)
            + "; RSS: " + ", ".join(f"{k} {res[k]['daemon_rss_mib']} MiB" for k in pids))
        # kill -9 of a child that has run a while (>= 12 s: wire backs off after a child that lived < 10 s).
        time.sleep(max(0.0, 12 - args.idle_secs))
        kills = {s.name: [] for s in systems}
        for i in range(args.kills):
            for s in systems:
                pid = pids[s.name]
                old = set(children(pid))
                victim = sorted(old)[i % len(old)]
                since = last_pid()
                t = time.perf_counter()
                os.kill(victim, signal.SIGKILL)
                ok = new_sleep_child(pid, since, 30)
                kills[s.name].append((time.perf_counter() - t) * 1000.0 if ok else None)
        for k, v in kills.items():
            got = [x for x in v if x is not None]
            res[k]["kill_child_ms"] = round(statistics.median(got), 1) if got else None
            res[k]["kill_child_ms_all"] = [round(x, 1) if x is not None else None for x in v]
        log(f"  N={n} kill -9 child -> new pid: " + ", ".join(f"{k} {res[k]['kill_child_ms']} ms" for k in pids))
        # kill -9 of the daemon, start it again, let it settle, count the workload processes.
        for s in systems:
            os.kill(pids[s.name], signal.SIGKILL)
            s.reap()
            time.sleep(1)
            pids[s.name] = s.start()
            res[s.name]["daemon_kill_restart_processes"] = settled_count(s.marker, args.settle_secs)
        log(f"  N={n} kill -9 daemon + start: " + ", ".join(f"{k} {res[k]['daemon_kill_restart_processes']} processes" for k in pids))
    finally:
        for s in systems:
            try:
                s.stop()
            except Exception as e:  # noqa: BLE001 - cleanup goes on whatever happened
                log(f"  cleanup {s.name}: {e}")
            for p in workload_pids(s.marker):
                try:
                    os.kill(p, signal.SIGKILL)
                except OSError:
                    pass
        subprocess.run(["rm", "-rf", base])
    return res


def run_json(cmd, log, timeout=900):
    """A load client's JSON output, or None (said on stderr) when it failed: a report, never a crash."""
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        log(f"  {cmd[0]}: no answer within {timeout} s")
        return None
    if p.returncode != 0:
        log(f"  {' '.join(cmd[:4])} ... failed: {p.stderr.strip()[-800:]}")
        return None
    return json.loads(p.stdout)


def daemon_jvm_flags(pid):
    """The JVM options of the running wire daemon, so the canned server runs under the same ones."""
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        argv = [a.decode() for a in f.read().split(b"\0") if a]
    flags = []
    for a in argv[1:]:
        if a in ("-cp", "-jar", "-classpath") or not a.startswith("-"):
            break
        flags.append(a)
    return flags


def rpc_figures(args, systems, res, log):
    """Each RPC figure for wire, wire's server alone and supervisord, alternated figure by figure."""
    counts = {"round_trip": ["--round-trips", str(args.rpc_round_trips)],
              "pipelined": ["--pipelined", str(args.rpc_pipelined)],
              "concurrent": ["--clients", str(args.rpc_clients), "--client-round-trips", str(args.rpc_client_round_trips)]}
    jar = os.path.join(args.top, "wire-bench", "target", "benchmarks.jar")
    wire = next(s for s in systems if s.name == "wire")
    canned_sock = os.path.join(os.path.dirname(wire.root), "canned.sock")
    canned = subprocess.Popen([args.java] + daemon_jvm_flags(wire.pid) + ["-cp", jar, "wire.bench.CannedServer", canned_sock],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        canned.stdout.readline()  # "ready"
        clients = {"wire": lambda fig: [args.java, "-cp", jar, "wire.bench.RpcLoad", "--socket", wire.socket(),
                                        "--session", "s0000", "--only", fig] + counts[fig],
                   "wire_ipc_only": lambda fig: [args.java, "-cp", jar, "wire.bench.RpcLoad", "--socket", canned_sock,
                                                 "--session", "s0000", "--only", fig] + counts[fig]}
        sup = next((s for s in systems if s.name == "supervisord"), None)
        if sup:
            clients["supervisord"] = lambda fig: [sys.executable, os.path.join(args.top, "bench", "xmlrpc_load.py"),
                                                  "--socket", sup.socket(), "--name", "s0000", "--only", fig] + counts[fig]
        rpc = {k: {} for k in clients}
        for fig in ("round_trip", "pipelined", "concurrent"):
            for k, cmd in clients.items():
                out = run_json(cmd(fig), log)
                if out:
                    rpc[k][fig] = out.get(fig)
                    if "client_floor_us" in out:
                        rpc[k]["client_floor_us"] = out["client_floor_us"]
            log(f"  RPC {fig}: " + ", ".join(f"{k} {summary(rpc[k].get(fig))}" for k in rpc))
    finally:
        canned.terminate()
        canned.wait(timeout=30)
    for k, r in rpc.items():
        target = res.setdefault(k, {})
        target["rpc"] = r
        rt, pl, cc = r.get("round_trip") or {}, r.get("pipelined") or {}, r.get("concurrent") or {}
        target["rpc_rt_p50_us"] = rt.get("p50_us")
        target["rpc_rt_p99_us"] = rt.get("p99_us")
        target["rpc_rt_p999_us"] = rt.get("p999_us")
        target["rpc_pipelined_rps"] = pl.get("requests_per_s")
        target["rpc_concurrent_p50_us"] = cc.get("p50_us")
        target["rpc_concurrent_p99_us"] = cc.get("p99_us")


def summary(fig):
    if not fig:
        return "—"
    if "p50_us" in fig:
        return f"p50 {fig['p50_us']} µs p99 {fig['p99_us']} µs"
    return f"{fig.get('requests_per_s', fig.get('error'))} req/s"


# (key, label, unit, count: no ratio, higher is better)
FIGURES = [
    ("start_all_running_s", "start → all N running", "s", False, False),
    ("status_cli_ms", "status CLI, whole process, median", "ms", False, False),
    ("daemon_rss_before_rpc_mib", "daemon RSS before the RPC load", "MiB", False, False),
    ("daemon_rss_mib", "daemon RSS", "MiB", False, False),
    ("daemon_threads", "daemon threads", "", True, False),
    ("kill_child_ms", "`kill -9` of a child → new pid, median", "ms", False, False),
    ("idle_cpu_ms_per_30s", "idle CPU of the daemon per 30 s", "ms", False, False),
    ("daemon_kill_restart_processes", "`kill -9` of the daemon, start again: processes", "", True, False),
    ("rpc_rt_p50_us", "RPC status round trip, one connection, p50", "µs", False, False),
    ("rpc_rt_p99_us", "RPC status round trip, one connection, p99", "µs", False, False),
    ("rpc_rt_p999_us", "RPC status round trip, one connection, p99.9", "µs", False, False),
    ("rpc_pipelined_rps", "RPC status pipelined on one connection", "req/s", False, True),
    ("rpc_concurrent_p50_us", "RPC status, {clients} concurrent clients, p50", "µs", False, False),
    ("rpc_concurrent_p99_us", "RPC status, {clients} concurrent clients, p99", "µs", False, False),
]
# The figures of the chart: one ratio each, where the design is meant to win or hold.
HEADLINE = ["start_all_running_s", "status_cli_ms", "kill_child_ms", "daemon_rss_mib", "idle_cpu_ms_per_30s",
            "rpc_rt_p50_us", "rpc_rt_p99_us", "rpc_pipelined_rps", "rpc_concurrent_p99_us"]


def ratio(key, w, p):
    """Above 1 means wire is faster, smaller or (for a throughput) higher; None when it does not apply."""
    _, _, _, count, higher = next(f for f in FIGURES if f[0] == key)
    if count or not w or not p:
        return None
    return w / p if higher else p / w


def fmt_value(v, unit):
    if v is None:
        return "—"
    if isinstance(v, float) and v >= 1000:
        v = round(v)
    if isinstance(v, (int, float)) and abs(v) >= 1000:
        return f"{v:,} {unit}".strip()
    return f"{v} {unit}".strip()


def markdown(report):
    peers = report["peers"]
    out = [f"# wire vs {', '.join(peers)}, {report['date']}", "",
           f"`{report['command']}` on {report['machine']}; load average at start {report['loadavg_start']}, "
           f"at end {report['loadavg_end']}.", ""]
    for n, res in report["results"].items():
        out += [f"## N = {n}", "",
                "| figure | wire | " + " | ".join(peers) + " | " + " | ".join(f"{p} / wire" for p in peers) + " |",
                "|---|---|" + "---|" * (2 * len(peers))]
        for key, label, unit, count, higher in FIGURES:
            w = res["wire"].get(key)
            vals = [res.get(p, {}).get(key) for p in peers]
            if w is None and all(v is None for v in vals):
                continue
            ratios = [ratio(key, w, v) for v in vals]
            cells = ["—" if r is None else f"{r:.1f}×" for r in ratios]
            label = label.format(clients=report.get("rpc_clients", 200))
            if key == "daemon_rss_mib" and "daemon_rss_before_rpc_mib" in res["wire"]:
                label = "daemon RSS after the RPC load (end of the idle window)"
            out.append(f"| {label} | {fmt_value(w, unit)} | " + " | ".join(fmt_value(v, unit) for v in vals)
                       + " | " + " | ".join(cells) + " |")
        ipc = res.get("wire_ipc_only")
        if ipc:
            out += ["", "wire's RPC server alone (`wire.bench.CannedServer`: the same server, framing and JSON, a canned",
                    "status instead of the supervisor loop, the daemon's JVM flags), same run:", "",
                    "| figure | wire daemon | wire-ipc alone |", "|---|---|---|"]
            for key, label, unit, _, _ in FIGURES:
                if key.startswith("rpc_"):
                    label = label.format(clients=report.get("rpc_clients", 200))
                    out.append(f"| {label} | {fmt_value(res['wire'].get(key), unit)} | {fmt_value(ipc.get(key), unit)} |")
        floor = res.get("supervisord", {}).get("rpc", {}).get("client_floor_us")
        if floor:
            out += ["", f"supervisord's RPC figures include Python's XML-RPC client: {floor} µs per call to encode the",
                    "request and decode a recorded reply, without the socket."]
        out.append("")
    out += ["A ratio above 1 means wire is faster or smaller (for requests/s: it handles more). The `kill -9` of the",
            "daemon row counts the workload processes after the restart: N means no duplicate set.", ""]
    return "\n".join(out)


def chart(report, path):
    groups = []
    n = list(report["results"])[-1]
    res = report["results"][n]
    for key in HEADLINE:
        label = next(f[1] for f in FIGURES if f[0] == key).replace("`", "").format(clients=report.get("rpc_clients", 200))
        bars = [(p, ratio(key, res["wire"].get(key), res.get(p, {}).get(key))) for p in report["peers"]]
        if any(r for _, r in bars):
            groups.append((label, bars))
    svgchart.write(path, f"wire against {', '.join(report['peers'])}, N = {n}, {report['date']}",
                   "peer's figure / wire's (log scale; right of 1× wire is faster, smaller or handles more)", groups)


def user_args(argv):
    """The options as the user gave them to run.sh, without the ones run.sh adds (--top, --java)."""
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a in ("--top", "--java"):
            skip = True
        else:
            out.append(a)
    return out


def versions(peers):
    out = {}
    if "supervisord" in peers:
        p = subprocess.run(["supervisord", "--version"], capture_output=True, text=True)
        out["supervisord"] = p.stdout.strip() or None
    if "pm2" in peers:
        # Read from its package: any pm2 command, even --version, starts a pm2 daemon.
        root = subprocess.run(["npm", "root", "-g"], capture_output=True, text=True).stdout.strip()
        try:
            with open(os.path.join(root, "pm2", "package.json")) as f:
                out["pm2"] = json.load(f)["version"]
        except (OSError, ValueError, KeyError):
            out["pm2"] = None
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--top", required=True, help=argparse.SUPPRESS)
    ap.add_argument("--n", default="200", help="programs per system; a comma list runs each (default 200)")
    ap.add_argument("--runs", type=int, default=15, help="status CLI calls per system (default 15)")
    ap.add_argument("--kills", type=int, default=7, help="child kills per system (default 7)")
    ap.add_argument("--idle-secs", type=float, default=30, help="idle CPU sampling window (default 30)")
    ap.add_argument("--settle-secs", type=float, default=5, help="wait after the daemon restart before counting (default 5)")
    ap.add_argument("--out", default=None, help="results directory (default bench/results)")
    ap.add_argument("--peers", default="supervisord", help="systems wire is measured against: supervisord,pm2")
    ap.add_argument("--java", default="java", help="the JDK 25 java that runs the RPC load client")
    ap.add_argument("--no-rpc", dest="rpc", action="store_false", help="skip the RPC figures")
    ap.add_argument("--rpc-only", action="store_true", help="start, status CLI and the RPC figures only")
    ap.add_argument("--rpc-round-trips", type=int, default=20000, help="measured round trips (default 20000)")
    ap.add_argument("--rpc-pipelined", type=int, default=20000, help="pipelined requests (default 20000)")
    ap.add_argument("--rpc-clients", type=int, default=200, help="concurrent clients (default 200)")
    ap.add_argument("--rpc-client-round-trips", type=int, default=100, help="round trips per client (default 100)")
    args = ap.parse_args()
    args.peers = [p for p in args.peers.split(",") if p]
    unknown = [p for p in args.peers if p not in ("supervisord", "pm2")]
    if unknown or not args.peers:
        ap.error(f"--peers: expected supervisord and/or pm2, got {args.peers}")
    run_id = f"{os.getpid()}-{int(time.time())}"
    date = datetime.datetime.now().strftime("%Y-%m-%dT%H%M%S")
    log = lambda m: print(m, file=sys.stderr, flush=True)
    report = {"date": date, "command": "bench/run.sh " + " ".join(user_args(sys.argv[1:])),
              "machine": f"{platform.node()}, {os.cpu_count()} CPUs, {platform.release()}",
              "loadavg_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
              "peers": args.peers, "versions": versions(args.peers), "rpc_clients": args.rpc_clients, "results": {}}
    for n in [int(x) for x in args.n.split(",")]:
        log(f"N = {n}")
        report["results"][str(n)] = bench_n(args, n, run_id, log)
    report["loadavg_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    out = args.out or os.path.join(args.top, "bench", "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, f"{date}.json"), "w") as f:
        json.dump(report, f, indent=2)
    md = markdown(report)
    with open(os.path.join(out, f"{date}.md"), "w") as f:
        f.write(md + f"\n![headline ratios]({date}.svg)\n")
    chart(report, os.path.join(out, f"{date}.svg"))
    print(md)
    log(f"wrote {out}/{date}.json, .md and .svg")


if __name__ == "__main__":
    main()
