#!/usr/bin/env python3
"""Daemon time of `list`: round trips on persistent connections, alternated between roots.

    bench/list_time.py [--calls N] WIRE_ROOT [WIRE_ROOT ...]

Connects once to each root's supervisor.sock, sends 5 warm-up `list` calls, then N rounds of one
call per root, alternating, and prints per root: the round trip's median, 90th percentile and
minimum (the client's own share, reading a few hundred KB, is small next to the daemon's), the
daemon's CPU time per call (utime + stime of the pid in supervisor.pid, whose 10 ms clock ticks
average out over N calls), the reply size and how many processes the machine has: the unmanaged
scan reads the environment of every process that is not a session's own child.
"""
import argparse
import json
import os
import socket
import statistics
import time

REQUEST = b'{"jsonrpc":"2.0","id":1,"method":"list"}\n'


def cpu_ms(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=40, help="calls per root (default 40)")
    parser.add_argument("roots", nargs="+", metavar="WIRE_ROOT")
    args = parser.parse_args()
    daemons = []
    for root in args.roots:
        with open(os.path.join(root, "supervisor.pid")) as f:
            pid = json.load(f)["pid"]
        conn = socket.socket(socket.AF_UNIX)
        conn.connect(os.path.join(root, "supervisor.sock"))
        stream = conn.makefile("rwb")
        for _ in range(5):
            stream.write(REQUEST)
            stream.flush()
            stream.readline()
        daemons.append({"root": root, "pid": pid, "stream": stream, "times": [], "cpu": 0.0, "bytes": 0})
    for _ in range(args.calls):
        for d in daemons:
            before = cpu_ms(d["pid"])
            start = time.perf_counter()
            d["stream"].write(REQUEST)
            d["stream"].flush()
            d["bytes"] = len(d["stream"].readline())
            d["times"].append((time.perf_counter() - start) * 1000)
            d["cpu"] += cpu_ms(d["pid"]) - before
    processes = sum(1 for p in os.listdir("/proc") if p.isdigit())
    print(f"{args.calls} calls per root; load average {os.getloadavg()[0]:.2f}; {processes} processes on the machine")
    for d in daemons:
        t = sorted(d["times"])
        print(f"{d['root']:<32} median {statistics.median(t):6.1f}ms  p90 {t[len(t) * 9 // 10]:6.1f}ms  min {t[0]:6.1f}ms"
              f"  daemon cpu {d['cpu'] / args.calls:5.1f}ms/call  reply {d['bytes']} bytes")


if __name__ == "__main__":
    main()
