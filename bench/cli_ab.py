#!/usr/bin/env python3
"""Whole-process timings of command variants, alternated in one run.

    bench/cli_ab.py [--runs N] NAME=COMMAND NAME=COMMAND ...

Runs each COMMAND (through /bin/sh, output discarded) once to warm the page cache, then N rounds
of all of them, in order on even rounds and in reverse on odd ones, so a change in the machine's
load hits every variant alike. Prints, per variant, the median and minimum wall time and CPU time
(user + system of the process and its children, from wait4), each with its ratio to the first
variant. On a busy machine the wall figures swing with the load; the CPU figures much less, so
compare variants on both. Used for docs/performance.md, "CLI start-up: what each step bought".
"""
import argparse
import os
import statistics
import subprocess
import time


def run(command):
    start = time.perf_counter()
    child = subprocess.Popen(["/bin/sh", "-c", "exec " + command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    return (time.perf_counter() - start) * 1000, (usage.ru_utime + usage.ru_stime) * 1000, status


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds of every variant (default 15)")
    parser.add_argument("variants", nargs="+", metavar="NAME=COMMAND")
    args = parser.parse_args()
    variants = [v.split("=", 1) for v in args.variants]
    if any(len(v) != 2 for v in variants):
        parser.error("each variant is NAME=COMMAND")
    wall = {name: [] for name, _ in variants}
    cpu = {name: [] for name, _ in variants}
    for _, command in variants:
        run(command)
    load_before = os.getloadavg()
    for i in range(args.runs):
        for name, command in variants if i % 2 == 0 else reversed(variants):
            w, c, status = run(command)
            if status != 0:
                print(f"{name}: exit status {status >> 8}")
            wall[name].append(w)
            cpu[name].append(c)
    load_after = os.getloadavg()
    print(f"{args.runs} rounds; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    first = variants[0][0]
    print(f"{'variant':<24} {'wall median':>11} {'min':>7} {'ratio':>6}   {'cpu median':>10} {'min':>7} {'ratio':>6}")
    for name, _ in variants:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print(f"{name:<24} {w:9.1f}ms {min(wall[name]):5.1f}ms {statistics.median(wall[first]) / w:5.2f}x"
              f"   {c:8.1f}ms {min(cpu[name]):5.1f}ms {statistics.median(cpu[first]) / c:5.2f}x")


if __name__ == "__main__":
    main()
