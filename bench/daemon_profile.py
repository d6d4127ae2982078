"""The idle supervisor alone: where its CPU and its memory go, for several JVM command lines.

Each variant is LABEL=a daemon command line (the java arguments after `java`, with {jar} for the
jar), optionally with environment assignments before it, e.g.
  --variant "now=-Xmx32m -cp {jar} wire.supervisor.SupervisorMain"
  --variant "arenas=MALLOC_ARENA_MAX=2 -Xmx32m -cp {jar} wire.supervisor.SupervisorMain"

Variants run one after another, round after round (A, B, A, B ...), each on a fresh root with N
bound sessions running `sleep 100000`. Once all N children run and `--settle` seconds have passed,
the idle window starts:

  cpu_ms_30s      CPU time of the daemon's threads over the window (schedstat, ns), per 30 s
  by_thread       the same per thread name, and its voluntary context switches (wake-ups)
  rss_mib         VmRSS at the end of the window; anon/file split from smaps_rollup
  threads         number of threads
  nmt             with -XX:NativeMemoryTracking=summary: jcmd VM.native_memory committed per area

With --burst, the idle window is followed by the RPC load bench/run.sh puts on a daemon
(wire.bench.RpcLoad on `status` of s0000: round trips, pipelined requests, then concurrent
clients, one figure after another), and the same memory figures are taken again right after it
(`after_load`) and --after seconds later (`later`, with the CPU the daemon spent in between per
30 s): what a burst of clients leaves behind.

Prints one JSON line per run and a median table per variant. Workload processes carry a marker
in their environment and are killed by it at the end of each run, whatever happened.
"""
import argparse, json, os, shlex, signal, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import children, cpu_ms, workload_pids  # noqa: E402 (the harness's own /proc readers)


def tasks(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                ns = int(f.read().split()[0])
            vol = 0
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches:"):
                        vol = int(line.split()[1])
            out[tid] = (name, ns, vol)
        except OSError:
            pass
    return out


def status_kib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


def smaps(pid):
    out = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[2] == "kB":
                out[parts[0].rstrip(":")] = int(parts[1])
    return out


def nmt(jcmd, pid):
    try:
        text = subprocess.run([jcmd, str(pid), "VM.native_memory", "summary", "scale=KB"], capture_output=True,
                              text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    areas = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("-") and "(reserved=" in line:
            name = line.lstrip("- ").split("(")[0].strip()
            committed = line.split("committed=")[1].split("KB")[0]
            areas[name] = int(committed)
        elif line.startswith("Total:"):
            areas["Total"] = int(line.split("committed=")[1].split("KB")[0])
    return areas


def memory(args, pid, spec):
    """RSS, its anonymous and file-backed parts, threads, and with NMT the committed areas."""
    sm = smaps(pid)
    out = {"rss_mib": round(status_kib(pid, "VmRSS") / 1024, 1),
           "anon_mib": round(sm.get("Anonymous", 0) / 1024, 1),
           "file_mib": round((sm.get("Rss", 0) - sm.get("Anonymous", 0)) / 1024, 1),
           "threads": len(os.listdir(f"/proc/{pid}/task"))}
    if "NativeMemoryTracking" in spec:
        out["nmt"] = nmt(os.path.join(args.java_home, "bin", "jcmd"), pid)
    return out


def burst(args, root):
    """The RPC load of bench/run.sh, figure by figure, against the daemon under root."""
    java = os.path.join(args.java_home, "bin", "java")
    counts = {"round_trip": ["--round-trips", str(args.round_trips)], "pipelined": ["--pipelined", str(args.pipelined)],
              "concurrent": ["--clients", str(args.clients), "--client-round-trips", str(args.client_round_trips)]}
    figures = {}
    for fig, extra in counts.items():
        p = subprocess.run([java, "-cp", args.bench_jar, "wire.bench.RpcLoad", "--socket",
                            os.path.join(root, "supervisor.sock"), "--session", "s0000", "--only", fig] + extra,
                           capture_output=True, text=True, timeout=900)
        figures[fig] = json.loads(p.stdout).get(fig) if p.returncode == 0 else {"error": p.stderr.strip()[-300:]}
    return figures


def run_one(args, label, spec, round_no):
    env_words, words = [], shlex.split(spec.replace("{jar}", args.jar))
    while words and "=" in words[0] and not words[0].startswith("-"):
        env_words.append(words.pop(0))
    marker = f"dprof-{os.getpid()}-{round_no}-{label}"
    base = tempfile.mkdtemp(prefix="wire-dprof-")
    root = os.path.join(base, "root")
    for i in range(args.n):
        home = os.path.join(root, "sessions", f"s{i:04d}")
        os.makedirs(home)
        with open(os.path.join(home, "session.json"), "w") as f:
            json.dump({"command": ["sleep", "100000"], "cwd": "/tmp", "env": {"BENCH_RUN": marker}}, f)
    env = dict(os.environ, WIRE_ROOT=root)
    env.pop("WIRE_SOCKET", None)
    env.update(dict(w.split("=", 1) for w in env_words))
    java = os.path.join(args.java_home, "bin", "java")
    log = open(os.path.join(base, "daemon.log"), "w")
    proc = subprocess.Popen([java] + words, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=base,
                            start_new_session=True)
    result = {"variant": label, "round": round_no, "n": args.n}
    try:
        end = time.monotonic() + 120
        while len(children(proc.pid)) < args.n and time.monotonic() < end and proc.poll() is None:
            time.sleep(0.2)
        result["running"] = len(children(proc.pid))
        time.sleep(args.settle)
        before = tasks(proc.pid)
        t0 = time.monotonic()
        time.sleep(args.window)
        after = tasks(proc.pid)
        scale = 30.0 / (time.monotonic() - t0)
        by = {}
        for tid, (name, ns, vol) in after.items():
            ns_b, vol_b = before.get(tid, (name, 0, 0))[1:]
            d = by.setdefault(name, [0.0, 0])
            d[0] += (ns - ns_b) / 1e6 * scale
            d[1] += round((vol - vol_b) * scale)
        result["cpu_ms_30s"] = round(sum(v[0] for v in by.values()), 2)
        result["by_thread"] = {k: [round(v[0], 2), v[1]] for k, v in sorted(by.items(), key=lambda kv: -kv[1][0])}
        result.update(memory(args, proc.pid, spec))
        with open("/proc/loadavg") as f:
            result["load"] = f.read().split()[0]
        if args.burst:
            result["rpc"] = burst(args, root)
            result["after_load"] = memory(args, proc.pid, spec)
            # What the daemon spends after the burst, giving memory back included, per 30 s: utime +
            # stime of the process, which keeps the time of threads that end (idle carriers do).
            cpu_before, t1 = cpu_ms(proc.pid), time.monotonic()
            time.sleep(args.after)
            result["later"] = memory(args, proc.pid, spec)
            result["later"]["cpu_ms_30s"] = round((cpu_ms(proc.pid) - cpu_before) * 30.0 / (time.monotonic() - t1), 1)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for pid in workload_pids(marker):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        log.close()
        subprocess.run(["rm", "-rf", base])
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--jar", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "wire-cli",
                                                 "target", "wire.jar"), help="what {jar} in a variant stands for")
    p.add_argument("--java-home", default=os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"))
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--settle", type=float, default=15, help="seconds after all N run before the window")
    p.add_argument("--window", type=float, default=60, help="seconds of the idle window")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--burst", action="store_true", help="after the idle window, the RPC load of bench/run.sh")
    p.add_argument("--after", type=float, default=60, help="seconds after the burst for the `later` figures")
    p.add_argument("--bench-jar", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "wire-bench",
                                                       "target", "benchmarks.jar"), help="wire.bench.RpcLoad's jar")
    p.add_argument("--round-trips", type=int, default=20000)
    p.add_argument("--pipelined", type=int, default=20000)
    p.add_argument("--clients", type=int, default=200)
    p.add_argument("--client-round-trips", type=int, default=100)
    p.add_argument("--variant", action="append", required=True, metavar="LABEL=[ENV=V ...] JAVA-ARGS")
    args = p.parse_args()
    variants = [v.split("=", 1) for v in args.variant]
    results = []
    for r in range(args.rounds):
        for label, spec in variants:
            res = run_one(args, label, spec, r)
            print(json.dumps(res), flush=True)
            results.append(res)
    print(f"\nmedians over {args.rounds} rounds, N = {args.n}, window {args.window} s:")
    print("| variant | idle CPU ms / 30 s | RSS MiB | anon MiB | file MiB | threads | loads |")
    print("|---|---|---|---|---|---|---|")
    for label, _ in variants:
        rs = [r for r in results if r["variant"] == label and "cpu_ms_30s" in r]
        if rs:
            med = lambda k: statistics.median(r[k] for r in rs)
            print(f"| {label} | {med('cpu_ms_30s'):.1f} | {med('rss_mib'):.1f} | {med('anon_mib'):.1f} | "
                  f"{med('file_mib'):.1f} | {med('threads'):.0f} | {' '.join(r['load'] for r in rs)} |")
    if args.burst:
        print(f"\nafter the burst (medians): RSS idle / right after / {args.after:.0f} s later, MiB; threads; RPC")
        print("| variant | RSS idle | RSS after load | RSS later | anon later | threads later | CPU ms / 30 s later "
              "| rt p50 µs | pipelined req/s |")
        print("|---|---|---|---|---|---|---|---|---|")
        for label, _ in variants:
            rs = [r for r in results if r["variant"] == label and "later" in r]
            if rs:
                med = lambda f: statistics.median(f(r) for r in rs)
                rpc = lambda r, fig, k: ((r["rpc"].get(fig) or {}).get(k) or 0)
                print(f"| {label} | {med(lambda r: r['rss_mib']):.1f} | {med(lambda r: r['after_load']['rss_mib']):.1f} | "
                      f"{med(lambda r: r['later']['rss_mib']):.1f} | {med(lambda r: r['later']['anon_mib']):.1f} | "
                      f"{med(lambda r: r['later']['threads']):.0f} | {med(lambda r: r['later']['cpu_ms_30s']):.1f} | "
                      f"{med(lambda r: rpc(r, 'round_trip', 'p50_us')):.0f} | "
                      f"{med(lambda r: rpc(r, 'pipelined', 'requests_per_s')):.0f} |")


if __name__ == "__main__":
    sys.exit(main())
