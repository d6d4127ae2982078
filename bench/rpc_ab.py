#!/usr/bin/env python3
"""The daemon's status RPC, alternated between builds (docs/performance.md, "What the daemon-side
changes bought"). Each build is a directory holding its wire.jar and a benchmarks.jar (wire-bench);
each round gives every build, in alternating order, a fresh WIRE_ROOT with N `sleep` sessions,
starts its daemon in the foreground (wire.supervisor.SupervisorMain with SelfCommand's JVM flags,
copied below: keep them in step), runs wire.bench.RpcLoad against session s0000, prints the figures
and each daemon thread's CPU per request (/proc/<pid>/task/*/stat), stops the daemon and kills its
children by their BENCH_RUN marker. Medians per build at the end.

  python3 bench/rpc_ab.py --build before=/tmp/base --build after=/tmp/after --rounds 3 [--n 200]
      [--only round_trip,pipelined,concurrent] [--extra=-XX:SomeFlag] [--jfr /tmp/prefix]

--jfr starts a JFR recording with jdk.CPUTimeSample once the children run and dumps it to
PREFIX-<build>-<round>.jfr after the load."""
import json, os, signal, subprocess, sys, time, tempfile, shutil, argparse, statistics
J = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
FLAGS = ["--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
         "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=64m", "-XX:+UnlockDiagnosticVMOptions",
         "-XX:AsyncDeflationInterval=0", "-XX:ServiceThreadCleanupInterval=60000", "-Xms8m", "-Xmx32m"]
ap = argparse.ArgumentParser()
ap.add_argument("--build", action="append", help="name=dir holding wire.jar and benchmarks.jar")
ap.add_argument("--n", type=int, default=200)
ap.add_argument("--rounds", type=int, default=3)
ap.add_argument("--extra", default="", help="extra JVM flags for the daemon, space separated")
ap.add_argument("--only", default="round_trip,pipelined,concurrent")
ap.add_argument("--rt", type=int, default=20000)
ap.add_argument("--keep", action="store_true")
ap.add_argument("--jfr", default="")
a = ap.parse_args()
builds = [b.split("=", 1) for b in a.build]

CLK = os.sysconf("SC_CLK_TCK")
def thread_cpu(pid):
    out = {}
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            st = open(f"/proc/{pid}/task/{t}/stat").read()
        except OSError:
            continue
        comm = st[st.index("(")+1:st.rindex(")")]
        f = st[st.rindex(")")+2:].split()
        key = "carriers" if comm.startswith("ForkJoinPool") else comm
        out[key] = out.get(key, 0) + int(f[11]) + int(f[12])
    return out

def one(name, d, rnd):
    base = tempfile.mkdtemp(prefix="rpcab-")
    root = os.path.join(base, "root")
    marker = f"rpcab-{os.getpid()}-{name}-{rnd}"
    for i in range(a.n):
        home = os.path.join(root, "sessions", f"s{i:04d}")
        os.makedirs(home)
        with open(os.path.join(home, "session.json"), "w") as f:
            json.dump({"command": ["sleep", "100000"], "cwd": "/tmp", "env": {"BENCH_RUN": marker}}, f)
    env = dict(os.environ, WIRE_ROOT=root)
    env.pop("WIRE_SOCKET", None)
    extra = [x.replace("@NAME@", f"{name}-{rnd}") for x in a.extra.split()]
    log = open(os.path.join(base, "daemon.log"), "w")
    p = subprocess.Popen([J] + FLAGS + extra + ["-cp", os.path.join(d, "wire.jar"), "wire.supervisor.SupervisorMain"],
                         env=env, stdout=log, stderr=log, start_new_session=True, cwd=root if os.path.isdir(root) else "/")
    sock = os.path.join(root, "supervisor.sock")
    t0 = time.time()
    while not os.path.exists(sock) and time.time() - t0 < 120:
        time.sleep(0.1)
    time.sleep(3)  # the spawns settle
    if a.jfr:
        subprocess.run([os.path.join(os.path.dirname(J), "jcmd"), str(p.pid), "JFR.start", "name=rpc", "settings=profile",
                        "jdk.CPUTimeSample#enabled=true", "jdk.CPUTimeSample#throttle=2ms"], capture_output=True)
    load = open("/proc/loadavg").read().split()[0]
    cpu0 = thread_cpu(p.pid)
    out = subprocess.run([J, "-cp", os.path.join(d, "benchmarks.jar"), "wire.bench.RpcLoad", "--socket", sock,
                          "--session", "s0000", "--only", a.only, "--round-trips", str(a.rt), "--pipelined", "20000"],
                         capture_output=True, text=True)
    cpu1 = thread_cpu(p.pid)
    try:
        r = json.loads(out.stdout)
    except Exception:
        print(out.stderr, file=sys.stderr); r = {}
    if a.jfr:
        subprocess.run([os.path.join(os.path.dirname(J), "jcmd"), str(p.pid), "JFR.dump", "name=rpc", f"filename={a.jfr}-{name}-{rnd}.jfr"], capture_output=True)
    os.killpg(p.pid, signal.SIGTERM)
    try:
        p.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL); p.wait()
    # the sleep children: each in its own group; kill by marker
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if (b"BENCH_RUN=" + marker.encode()) in open(f"/proc/{pid}/environ", "rb").read().split(b"\0"):
                    os.kill(int(pid), signal.SIGKILL)
            except OSError:
                pass
    if not a.keep:
        shutil.rmtree(base, ignore_errors=True)
    else:
        print("kept", base, file=sys.stderr)
    rt, pl, cc = r.get("round_trip") or {}, r.get("pipelined") or {}, r.get("concurrent") or {}
    nreq = (a.rt + 5000 if "round_trip" in a.only else 0) + (20000 if "pipelined" in a.only else 0) + (200*120 if "concurrent" in a.only else 0)
    per = {}
    for k in cpu1:
        per[k] = round((cpu1[k] - cpu0.get(k, 0)) * 1e6 / CLK / nreq, 1)
    print(name, "CPU us per request by thread:", dict(sorted(per.items(), key=lambda x: -x[1])[:6]), file=sys.stderr)
    row = dict(build=name, round=rnd, load=load, p50=rt.get("p50_us"), p99=rt.get("p99_us"),
               rps=pl.get("requests_per_s"), c_p50=cc.get("p50_us"), c_p99=cc.get("p99_us"))
    print(json.dumps(row), flush=True)
    return row

rows = []
for rnd in range(a.rounds):
    order = builds if rnd % 2 == 0 else builds[::-1]
    for name, d in order:
        rows.append(one(name, d, rnd))
print("--- medians")
for name, _ in builds:
    rs = [r for r in rows if r["build"] == name]
    med = {k: statistics.median([r[k] for r in rs if r[k] is not None]) if any(r[k] is not None for r in rs) else None
           for k in ("p50", "p99", "rps", "c_p50", "c_p99")}
    print(name, json.dumps(med), "loads", [r["load"] for r in rs])
