#!/usr/bin/python3
"""Did a footprint change make jsuperd slower? Two jsuper trees (or flag sets), the suite's quick control and
scale workloads on each, interleaved, medians side by side.

  bench/flagcheck.py --a DIST[:FLAGS] --b DIST[:FLAGS] [--rounds 2]

DIST is a jsuper tree (bin/, lib/); FLAGS (optional) go to JSUPERD_JAVA_OPTS. Metrics: status CLI, API
calls/s, restart CLI/API, bring-up of 100 and 1000, RSS, respawn. A rough check for a loaded machine (the
lead's bench/run is the real measurement); docs/packaging.md, "Footprint", quotes its output.
"""
import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchlib import common, targets, workloads  # noqa: E402

METRICS = ["status CLI ms", "API calls/s (unix socket)", "restart CLI ms", "restart API ms", "bring-up 100 s",
           "bring-up 1000 s", "RSS 0 children MiB", "RSS 1000 children MiB", "respawn ms"]


def run(spec, cfg, into):
    dist, _, flags = spec.partition(":")
    common.DIST = targets.DIST = dist
    os.environ["JSUPERD_JAVA_OPTS"] = flags
    for fn in (workloads.control, workloads.scale):
        for metric, values in fn(targets.Jsuper, cfg).items():
            into.setdefault(metric, []).extend(values)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--a", required=True)
    ap.add_argument("--b", required=True)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    cfg = workloads.Settings(True)
    results = {"a": {}, "b": {}}
    try:
        for r in range(args.rounds):
            for key in (("a", "b") if r % 2 == 0 else ("b", "a")):
                print(f"round {r + 1}: {key} ...", flush=True)
                run(getattr(args, key), cfg, results[key])
    finally:
        common.cleanup_all()
    print(f"\n| metric (median) | a: `{args.a}` | b: `{args.b}` |\n|---|---|---|")
    for m in METRICS:
        cells = [f"{statistics.median(results[k][m]):.2f}" if results[k].get(m) else "" for k in ("a", "b")]
        print(f"| {m} | {cells[0]} | {cells[1]} |")
    print(f"\nhost load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
