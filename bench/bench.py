"""wire against supervisord, N programs each running `sleep 100000`, measured in one run.

Figures (each for wire and supervisord, measured the same way, interleaved or in the same window):
  start_all_running_s   daemon start -> all N workload processes exist (counted in /proc)
  status_cli_ms         `bin/wire supervisor list` / `supervisorctl status`, whole process, median
  daemon_rss_mib        VmRSS of the daemon with N running
  idle_cpu_ms_per_30s   utime+stime of the daemon over the idle window, scaled to 30 s
  kill_child_ms         kill -9 of a child that has run >= 12 s -> a new child exists, median (new pids
                        only, from /proc/loadavg's last pid: no /proc scan inside the measurement)
  daemon_kill_restart   kill -9 of the daemon, start it again, settle: workload processes counted
Workload processes carry BENCH_RUN=<run id>-<system> in their environment, which is how they are
counted and how every one of them is cleaned up at the end, whatever happened.
"""
import argparse, datetime, json, os, platform, signal, socket, statistics, subprocess, sys, tempfile, time

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


def timed_run(cmd, env=None):
    t = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - t) * 1000.0


def bench_n(args, n, run_id, log):
    base = tempfile.mkdtemp(prefix="wire-bench-")
    systems = [Wire(args.top, base, n, f"{run_id}-wire"), Supervisord(base, n, f"{run_id}-supervisord")]
    res = {s.name: {} for s in systems}
    pids = {}
    try:
        # Start -> all N running, one system at a time (the other is not running yet).
        for s in systems:
            t = time.perf_counter()
            pids[s.name] = s.start()
            ok = wait_until(lambda: len(children(pids[s.name])) >= n, 300)
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
        log(f"  N={n} status CLI: " + ", ".join(f"{k} {res[k]['status_cli_ms']} ms" for k in res))
        # Idle: both daemons in the same window, after the CLI calls have settled.
        time.sleep(3)
        before = {k: cpu_ms(p) for k, p in pids.items()}
        time.sleep(args.idle_secs)
        for k, p in pids.items():
            res[k]["idle_cpu_ms_per_30s"] = round((cpu_ms(p) - before[k]) * 30.0 / args.idle_secs, 1)
            res[k]["daemon_rss_mib"] = round(rss_mib(p), 1)
            res[k]["daemon_threads"] = threads(p)
        log(f"  N={n} idle CPU/30 s: " + ", ".join(f"{k} {res[k]['idle_cpu_ms_per_30s']} ms" for k in res)
            + "; RSS: " + ", ".join(f"{k} {res[k]['daemon_rss_mib']} MiB" for k in res))
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
        log(f"  N={n} kill -9 child -> new pid: " + ", ".join(f"{k} {res[k]['kill_child_ms']} ms" for k in res))
        # kill -9 of the daemon, start it again, let it settle, count the workload processes.
        for s in systems:
            os.kill(pids[s.name], signal.SIGKILL)
            s.reap()
            time.sleep(1)
            pids[s.name] = s.start()
            res[s.name]["daemon_kill_restart_processes"] = settled_count(s.marker, args.settle_secs)
        log(f"  N={n} kill -9 daemon + start: " + ", ".join(f"{k} {res[k]['daemon_kill_restart_processes']} processes" for k in res))
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


FIGURES = [
    ("start_all_running_s", "start → all N running", "s", False),
    ("status_cli_ms", "status CLI, whole process, median", "ms", False),
    ("daemon_rss_mib", "daemon RSS", "MiB", False),
    ("daemon_threads", "daemon threads", "", True),
    ("kill_child_ms", "`kill -9` of a child → new pid, median", "ms", False),
    ("idle_cpu_ms_per_30s", "idle CPU of the daemon per 30 s", "ms", False),
    ("daemon_kill_restart_processes", "`kill -9` of the daemon, start again: processes", "", True),
]


def markdown(report):
    out = [f"# wire vs supervisord, {report['date']}", "",
           f"`{report['command']}` on {report['machine']}; load average at start {report['loadavg_start']}, "
           f"at end {report['loadavg_end']}.", ""]
    for n, res in report["results"].items():
        out += [f"## N = {n}", "", "| figure | wire | supervisord | supervisord / wire |", "|---|---|---|---|"]
        for key, label, unit, count in FIGURES:
            w, s = res["wire"].get(key), res["supervisord"].get(key)
            ratio = "—" if count or not w or s is None else f"{s / w:.1f}×"
            fmt = lambda v: "—" if v is None else f"{v} {unit}".strip()
            out.append(f"| {label} | {fmt(w)} | {fmt(s)} | {ratio} |")
        out.append("")
    out += ["A ratio above 1 means wire is faster or smaller. The `kill -9` of the daemon row counts the workload",
            f"processes after the restart: N means no duplicate set.", ""]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--top", required=True, help=argparse.SUPPRESS)
    ap.add_argument("--n", default="200", help="programs per system; a comma list runs each (default 200)")
    ap.add_argument("--runs", type=int, default=15, help="status CLI calls per system (default 15)")
    ap.add_argument("--kills", type=int, default=7, help="child kills per system (default 7)")
    ap.add_argument("--idle-secs", type=float, default=30, help="idle CPU sampling window (default 30)")
    ap.add_argument("--settle-secs", type=float, default=5, help="wait after the daemon restart before counting (default 5)")
    ap.add_argument("--out", default=None, help="results directory (default bench/results)")
    args = ap.parse_args()
    run_id = f"{os.getpid()}-{int(time.time())}"
    date = datetime.datetime.now().strftime("%Y-%m-%dT%H%M%S")
    log = lambda m: print(m, file=sys.stderr, flush=True)
    report = {"date": date, "command": "bench/run.sh " + " ".join(sys.argv[3:]),
              "machine": f"{platform.node()}, {os.cpu_count()} CPUs, {platform.release()}",
              "loadavg_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
              "supervisord_version": subprocess.run(["supervisord", "--version"], capture_output=True, text=True).stdout.strip(),
              "results": {}}
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
        f.write(md)
    print(md)
    log(f"wrote {out}/{date}.json and .md")


if __name__ == "__main__":
    main()
