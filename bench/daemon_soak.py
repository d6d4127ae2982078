"""The supervisor over a long stretch: is anything growing?

Starts the supervisor command line given (as in daemon_profile.py, {jar} for the jar) on a fresh
root with N bound sessions running `sleep 100000`, and then, every --every seconds for --minutes,
lists the sessions through the CLI, changes one session's session.json (so the file watch, a
registry pass and a restart happen), and records the daemon's RSS, thread count, CPU time and
heap occupancy (`jstat -gc`, which reads the JVM's perf data and starts no thread in the daemon,
unlike jcmd). Prints one JSON line per sample and a summary; kills every workload process by its
marker at the end, whatever happened.
"""
import argparse, json, os, shlex, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import children, workload_pids  # noqa: E402 (the harness's own /proc readers)
from daemon_profile import status_kib, tasks  # noqa: E402


def heap_kib(jstat, pid):
    out = subprocess.run([jstat, "-gc", str(pid)], capture_output=True, text=True, timeout=30).stdout.split("\n")
    row = dict(zip(out[0].split(), out[1].split()))
    return {k: float(row[k]) for k in ("EU", "OU", "MU") if k in row}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    p.add_argument("--jar", default=os.path.join(top, "wire-cli", "target", "wire.jar"))
    p.add_argument("--java-home", default=os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"))
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--minutes", type=float, default=10)
    p.add_argument("--every", type=float, default=60, help="seconds between samples")
    p.add_argument("command", help="the daemon's java arguments, {jar} for the jar")
    args = p.parse_args()

    marker = f"dsoak-{os.getpid()}"
    base = tempfile.mkdtemp(prefix="wire-dsoak-")
    root = os.path.join(base, "root")
    for i in range(args.n):
        home = os.path.join(root, "sessions", f"s{i:04d}")
        os.makedirs(home)
        with open(os.path.join(home, "session.json"), "w") as f:
            json.dump({"command": ["sleep", "100000"], "cwd": "/tmp", "env": {"BENCH_RUN": marker}}, f)
    env = dict(os.environ, WIRE_ROOT=root)
    env.pop("WIRE_SOCKET", None)
    java = os.path.join(args.java_home, "bin", "java")
    jstat = os.path.join(args.java_home, "bin", "jstat")
    cli = [java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-jar", args.jar]
    log = open(os.path.join(base, "daemon.log"), "w")
    proc = subprocess.Popen([java] + shlex.split(args.command.replace("{jar}", args.jar)), env=env, stdout=log,
                            stderr=subprocess.STDOUT, cwd=base, start_new_session=True)
    samples = []
    try:
        end = time.monotonic() + 180
        while len(children(proc.pid)) < args.n and time.monotonic() < end and proc.poll() is None:
            time.sleep(0.2)
        start = time.monotonic()
        edits = 0
        while time.monotonic() - start <= args.minutes * 60:
            subprocess.run(cli + ["supervisor", "list"], env=env, stdout=subprocess.DEVNULL, timeout=120)
            edits += 1
            with open(os.path.join(root, "sessions", "s0000", "session.json"), "w") as f:
                json.dump({"command": ["sleep", str(100000 + edits)], "cwd": "/tmp", "env": {"BENCH_RUN": marker}}, f)
            time.sleep(5)  # the restart this edit causes is not part of the sample
            cpu_ms = sum(ns for _, ns, _ in tasks(proc.pid).values()) / 1e6
            sample = {"minute": round((time.monotonic() - start) / 60, 1), "rss_mib": round(status_kib(proc.pid, "VmRSS") / 1024, 1),
                      "threads": len(os.listdir(f"/proc/{proc.pid}/task")), "cpu_ms": round(cpu_ms, 1),
                      "running": len(children(proc.pid)), **heap_kib(jstat, proc.pid)}
            print(json.dumps(sample), flush=True)
            samples.append(sample)
            time.sleep(max(0, args.every - 5))
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
    if samples:
        first, last = samples[0], samples[-1]
        print(f"\n{len(samples)} samples over {last['minute']} min, N = {args.n}: RSS {first['rss_mib']} -> "
              f"{last['rss_mib']} MiB (max {max(s['rss_mib'] for s in samples)}), threads {first['threads']} -> "
              f"{last['threads']}, old gen {first.get('OU')} -> {last.get('OU')} KiB, metaspace {first.get('MU')} -> "
              f"{last.get('MU')} KiB")


if __name__ == "__main__":
    sys.exit(main())
