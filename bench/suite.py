#!/usr/bin/python3
"""jsuper benchmark suite: jsuperd against supervisord (and PM2 when installed), same workloads, one run.

Run it through bench/run (Debian's /usr/bin/python3: supervisor's client module lives there).
  bench/run [--quick] [--only WORKLOAD ...] [--rounds N] [--no-docs | --docs] [--baseline [REF]]
Workloads: control (status round trip, API calls/s, restart latency), scale (bring-up, RSS, idle CPU,
respawn), logs (log capture), stop (TERM-ignoring child with a grandchild), monitoring (cost of 1000 tcp
checks a second, /metrics latency and CPU with 1000 processes; jsuper only), logread (tail/grep latency; jsuper
only). Aliases: status, restart -> control; bring-up, rss, idle, respawn -> scale; probes, metrics -> monitoring;
tail, grep -> logread.

--baseline [REF] (default a62cf59, the last commit before issue 8's core rework) builds REF's dist once
into bench/.baseline/<sha>/ (git worktree + mvn -o, then the worktree is removed) and runs it as one more
target, jsuper@<short sha>, in the control and scale workloads. Every metric then gets a verdict, the
current median against the baseline's in the same run: a regression only when worse by more than the
larger of 10 % and the spread of either build's per-round medians.

Results: bench/results/YYYY-MM-DD-HHMM.md and (for a run of every workload) the generated section of
docs/benchmarks.md.
"""
import argparse
import datetime
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchlib import baseline, common, logread, workloads  # noqa: E402
from benchlib.targets import Jsuper, JsuperStamped, Supervisord, SupervisordGroup, Pm2, available, pm2_version  # noqa: E402

WORKLOADS = ["control", "scale", "logs", "stop", "monitoring", "logread"]
ALIASES = {"status": "control", "restart": "control", "api": "control", "bring-up": "scale", "rss": "scale",
           "idle": "scale", "respawn": "scale", "log": "logs", "probes": "monitoring", "metrics": "monitoring",
           "tail": "logread", "grep": "logread"}
TITLES = {"control": "1-2. Status round trip, API, restart latency",
          "scale": "3-4. Bring-up, memory, idle CPU, respawn",
          "logs": "5. Log capture (1 child, rotation 50 MB x 10)",
          "stop": "6. Stop of a child that ignores SIGTERM and has a grandchild",
          "monitoring": "7. Health checks and /metrics with 1000 processes (jsuper only)",
          "logread": "8. Reading logs: tail and grep through the API (jsuper only)"}
BASELINE_WORKLOADS = ("control", "scale")  # where an older build runs the same configs (--baseline)
ISSUE8_METRICS = ("respawn ms", "bring-up 1000 s", "restart API ms")  # "no regression" in issue 8's done-when

# metric -> (format, issue target as text, check on jsuper's median or None, "low"/"high" = better)
METRICS = {
    "status CLI ms": ("{:.1f}", "<= 100 ms", lambda v: v <= 100, "low"),
    "API calls/s (unix socket)": ("{:,.0f}", ">= 10,000/s", lambda v: v >= 10000, "high"),
    "API calls/s (TCP)": ("{:,.0f}", "", None, "high"),
    "restart CLI ms": ("{:.1f}", "<= 150 ms", lambda v: v <= 150, "low"),
    "restart API ms": ("{:.1f}", "<= 20 ms", lambda v: v <= 20, "low"),
    "bring-up 100 s": ("{:.2f}", "", None, "low"),
    "bring-up 1000 s": ("{:.2f}", "<= 2 s", lambda v: v <= 2, "low"),
    "RSS 0 children MiB": ("{:.1f}", "<= 64 MiB", lambda v: v <= 64, "low"),
    "RSS 100 children MiB": ("{:.1f}", "", None, "low"),
    "RSS 1000 children MiB": ("{:.1f}", "<= 100 MiB", lambda v: v <= 100, "low"),
    "idle CPU 1000 children %": ("{:.2f}", "<= 0.2 %", lambda v: v <= 0.2, "low"),
    "respawn ms": ("{:.2f}", "median <= 5 ms", lambda v: v <= 5, "low"),
    "throughput MiB/s": ("{:.1f}", ">= supervisord", "anchor", "high"),
    "daemon CPU-s per GiB": ("{:.2f}", "<= 0.6 CPU-s/GiB", lambda v: v <= 0.6, "low"),
    "lines lost (in retained files)": ("{:.0f}", "0", lambda v: v == 0, "low"),
    "bad lines (split, duplicate, out of order)": ("{:.0f}", "0", lambda v: v == 0, "low"),
    "lines retained": ("{:,.0f}", "", None, "high"),
    "tail -n 100 ms (10 x 50 MB, half gzipped)": ("{:.1f}", "<= 50 ms", lambda v: v <= 50, "low"),
    "grep 1 GiB plain s": ("{:.2f}", "<= 2 s", lambda v: v <= 2, "low"),
    "stop CLI s": ("{:.3f}", "<= 2.05 s", lambda v: v <= 2.05, "low"),
    "stop API s": ("{:.3f}", "<= 2.05 s", lambda v: v <= 2.05, "low"),
    "grandchildren left": ("{:.0f}", "0 (default config)", lambda v: v == 0, "low"),
    "probe CPU 1000 processes % of a core": ("{:.2f}", "<= 2 %", lambda v: v <= 2, "low"),
    "/metrics ms 1000 processes": ("{:.1f}", "<= 50 ms", lambda v: v <= 50, "low"),
    "/metrics CPU % at 15 s scrapes": ("{:.3f}", "<= 1 %", lambda v: v <= 1, "low"),
}


def targets_for(workload, base, old=None):
    ts = list(base)
    if old and workload in BASELINE_WORKLOADS and Jsuper in ts:
        ts.insert(ts.index(Jsuper) + 1, old)
    if workload == "logs":
        ts = [t for t in ts if getattr(t, "has_logs", True)] + [workloads.CatReference]
        if Jsuper in ts:
            ts.insert(ts.index(Jsuper) + 1, JsuperStamped)
    if workload == "logread":
        ts = [Jsuper]
    if workload == "monitoring":
        ts = [t for t in ts if t is Jsuper]  # the others have no built-in checks or /metrics
    if workload == "stop" and Supervisord in ts:
        ts.insert(ts.index(Supervisord) + 1, SupervisordGroup)
    return ts


def run_one(workload, cls, cfg, seqlog):
    if workload == "control":
        return workloads.control(cls, cfg)
    if workload == "scale":
        return workloads.scale(cls, cfg)
    if workload == "logs":
        return workloads.logs(cls, cfg, seqlog)
    if workload == "logread":
        return logread.logread(cls, cfg)
    if workload == "monitoring":
        return workloads.monitoring(cls, cfg)
    return workloads.stop(cls, cfg)


def version(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (r.stdout + r.stderr).strip().splitlines()[0]
    except Exception as e:  # noqa: BLE001
        return f"unknown ({e})"


def machine():
    model = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal:"):
                mem = f", {int(line.split()[1]) / 2**20:.1f} GiB RAM"
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}{mem}, Linux {platform.release()} ({platform.machine()})"


def cell(fmt, vals):
    lo, med, hi = common.summary(vals)
    if lo == hi:
        return fmt.format(med) + (f" (n={len(vals)})" if len(vals) > 1 else "")
    return f"{fmt.format(lo)} / **{fmt.format(med)}** / {fmt.format(hi)}"


def target_check(m, med):
    """(text of the target column, a line for the misses list or None) for jsuper's median of metric m."""
    fmt, target, check, _ = METRICS[m]
    verdict = ""
    if "jsuper" in med and check:
        if check == "anchor":
            ok = "supervisord" in med and med["jsuper"] >= med["supervisord"]
            verdict = "" if "supervisord" not in med else ("met" if ok else "**missed**")
        else:
            ok = check(med["jsuper"])
            verdict = "met" if ok else "**missed**"
    miss = f"{m}: jsuper median {fmt.format(med['jsuper'])}, target {target}" if verdict == "**missed**" else None
    return f"{target} {verdict}".strip(), miss


def baseline_check(m, med, old, rounds):
    """(verdict cell, is regression) of jsuper against the baseline old for metric m (see baseline.verdict)."""
    if "jsuper" not in med or old not in med:
        return "n/a", False
    return baseline.verdict(med["jsuper"], med[old], METRICS[m][3], rounds.get("jsuper", {}).get(m, []),
                            rounds.get(old, {}).get(m, []))


def tables(results, order, old=None, rounds=None):
    """Markdown tables per workload, the misses of jsuper's targets and, with a baseline named old, the
    verdicts against it ({metric: (verdict, is regression)}); rounds: {workload: {target: {metric: [per-round
    medians]}}}."""
    out, misses, verdicts = [], [], {}
    for w in order:
        if w not in results:
            continue
        names = [n for n in results[w] if results[w][n]]
        anchors = [n for n in names if not n.startswith("jsuper") and n != workloads.CatReference.name]
        has_old = old in names
        out += [f"### {TITLES[w]}", "",
                "| metric | " + " | ".join(names) + " | " + "".join(f"jsuper / {a} | " for a in anchors)
                + "".join(f"{old} / {a} | " for a in anchors if has_old)
                + (f"jsuper against {old} | " if has_old else "") + "target (jsuper) |",
                "|---|" + "---:|" * (len(names) + len(anchors) * (2 if has_old else 1)) + "---|" * has_old + "---|"]
        metrics = [m for m in METRICS if any(m in results[w][n] for n in names)]
        for m in metrics:
            fmt = METRICS[m][0]
            med = {n: statistics.median(results[w][n][m]) for n in names if results[w][n].get(m)}
            row = [cell(fmt, results[w][n][m]) if n in med else "n/a" for n in names]
            for who in ["jsuper"] + ([old] if has_old else []):
                for a in anchors:
                    row.append(f"{med[who] / med[a]:.3g}" if who in med and med.get(a) else "n/a")
            if has_old:
                verdicts[m] = baseline_check(m, med, old, rounds[w])
                row.append(verdicts[m][0])
            target, miss = target_check(m, med)
            if miss:
                misses.append(miss)
            row.append(target)
            out.append(f"| {m} | " + " | ".join(row) + " |")
        out.append("")
    return out, misses, verdicts


def regression_summary(old, verdicts):
    """The lines that answer issue 8's "no regression" question, then any other metric that regressed."""
    lines = [f"Against {old} in this run (current median vs baseline median; regression = worse by more "
             "than the larger of 10 % and the spread of either build's per-round medians):", ""]
    for m in ISSUE8_METRICS:
        lines.append(f"- {m} (issue 8): {verdicts[m][0] if m in verdicts else 'not measured'}")
    lines += [f"- {m}: {v}" for m, (v, bad) in verdicts.items() if bad and m not in ISSUE8_METRICS]
    return lines + [""]


def update_docs(section):
    path = os.path.join(common.ROOT, "docs", "benchmarks.md")
    text = open(path).read()
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    if begin not in text or end not in text:
        raise RuntimeError(f"{path}: markers {begin} / {end} not found")
    head, rest = text.split(begin, 1)
    tail = rest.split(end, 1)[1]
    with open(path, "w") as f:
        f.write(head + begin + "\n" + section + "\n" + end + tail)
    return path


def compile_seqlog(tmp):
    out = os.path.join(tmp, "seqlog")
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        sys.exit("a C compiler (cc) is needed for the log workload's writer: apt-get install gcc, or --only without logs")
    subprocess.run([cc, "-O2", "-o", out, os.path.join(common.BENCH, "seqlog.c")], check=True)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="short settings (under 2 minutes)")
    ap.add_argument("--only", nargs="+", metavar="WORKLOAD", help=f"some of: {', '.join(WORKLOADS)} (or aliases)")
    ap.add_argument("--rounds", type=int, help="rounds per workload (default 3, 1 with --quick)")
    ap.add_argument("--no-docs", action="store_true", help="do not rewrite the generated section of docs/benchmarks.md")
    ap.add_argument("--docs", action="store_true",
                    help="rewrite docs/benchmarks.md even with --only (by default only a run of every workload does)")
    ap.add_argument("--baseline", nargs="?", const=baseline.DEFAULT_REF, metavar="REF",
                    help=f"also run the build of git commit REF (default {baseline.DEFAULT_REF}, the last before issue "
                    f"8's core rework; built once into bench/.baseline/) in {' and '.join(BASELINE_WORKLOADS)}, "
                    "with a regression verdict per metric")
    a = ap.parse_args()
    started = time.monotonic()
    stamp = datetime.datetime.now()
    commit = subprocess.run(["git", "-C", common.ROOT, "describe", "--always", "--dirty"], capture_output=True,
                            text=True).stdout.strip()  # the checkout measured (the build is assumed to match it)

    selected = WORKLOADS
    if a.only:
        bad = [w for w in a.only if w not in WORKLOADS and w not in ALIASES]
        if bad:
            ap.error(f"unknown workload(s) {', '.join(bad)}; choose from {', '.join(WORKLOADS + sorted(ALIASES))}")
        wanted = {ALIASES.get(w, w) for w in a.only}
        selected = [w for w in WORKLOADS if w in wanted]
    cfg = workloads.Settings(a.quick)
    if a.rounds:
        cfg.rounds = a.rounds
    if not os.path.exists(os.path.join(common.DIST, "bin", "jsuperd")):
        sys.exit("build first: mvn -B -q package -DskipTests")
    base, missing = available()
    for m in missing:
        print(f"anchor missing: {m}", flush=True)
    old = None
    if a.baseline and not set(selected) & set(BASELINE_WORKLOADS):
        ap.error(f"--baseline runs only in {' and '.join(BASELINE_WORKLOADS)}: add one of them to --only")
    if a.baseline:
        try:
            old = baseline.target(a.baseline)
        except RuntimeError as e:
            sys.exit(f"--baseline {a.baseline}: {e}")

    def on_signal(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, on_signal)

    bin_tmp = common.make_tmp("bin")
    results, errors = {}, []
    rounds = {}  # workload -> target -> metric -> per-round medians (the baseline verdict's spread)
    try:
        seqlog = compile_seqlog(bin_tmp) if "logs" in selected else None
        for r in range(cfg.rounds):
            for wi, w in enumerate(selected):
                ts = targets_for(w, base, old)
                if (r + wi) % 2:
                    ts = ts[::-1]
                for cls in ts:
                    t0 = time.monotonic()
                    print(f"round {r + 1}/{cfg.rounds} {w}: {cls.name} ...", end="", flush=True)
                    try:
                        res = run_one(w, cls, cfg, seqlog)
                    except KeyboardInterrupt:
                        raise
                    except Exception as e:  # noqa: BLE001 - one failing target must not lose the others' figures
                        print(f" FAILED: {e}", flush=True)
                        errors.append(f"round {r + 1}, {w}, {cls.name}: {e}")
                        common.cleanup_all()
                        continue
                    print(f" {time.monotonic() - t0:.1f} s", flush=True)
                    per = results.setdefault(w, {}).setdefault(cls.name, {})
                    for m, vals in res.items():
                        per.setdefault(m, []).extend(vals)
                        if vals:
                            rounds.setdefault(w, {}).setdefault(cls.name, {}).setdefault(m, []).append(
                                statistics.median(vals))
    except KeyboardInterrupt:
        print("\ninterrupted: cleaning up", file=sys.stderr)
        raise SystemExit(130)
    finally:
        common.cleanup_all()
        shutil.rmtree(bin_tmp, ignore_errors=True)

    # keep target columns in a stable order
    order = [c.name for c in [Jsuper, old, JsuperStamped, Supervisord, SupervisordGroup, Pm2,
                              workloads.CatReference] if c]
    for w in results:
        results[w] = {n: results[w][n] for n in order if n in results[w]}
    total = time.monotonic() - started
    versions = [f"jsuper: {commit or 'unknown'} (packaging/target/jsuper), {version(['java', '-version'])}",
                f"supervisord: {version(['supervisord', '--version']) if Supervisord in base else 'not run'}",
                f"PM2: {pm2_version() if Pm2 in base else 'not installed (npm install -g pm2@7)'}",
                f"python (client side): {platform.python_version()}"]
    if old:
        versions.insert(1, f"{old.name}: baseline {old.sha} (`--baseline {a.baseline}`, "
                           f"{os.path.relpath(old.dist, common.ROOT)}), in {' and '.join(BASELINE_WORKLOADS)}")
    body, misses, verdicts = tables(results, WORKLOADS, old.name if old else None, rounds)
    lines = [f"Generated by `bench/run{' --quick' if a.quick else ''}"
             f"{' --only ' + ' '.join(a.only) if a.only else ''}"
             f"{' --baseline ' + a.baseline if a.baseline else ''}` on {stamp:%Y-%m-%d %H:%M}, "
             f"total run time {total:.0f} s. Cells: min / **median** / max over all samples; ratios compare "
             "medians.", "",
             f"- Machine: {machine()}",
             *[f"- {v}" for v in versions],
             f"- Settings: {cfg.rounds} round(s), target order alternating every round and workload",
             *[f"- {w}: {s}" for w, s in cfg.describe().items() if w in selected],
             *[f"- Anchor missing: {m}" for m in missing], ""] + body
    if errors:
        lines += ["Failures (these samples are missing from the tables):", ""] + [f"- {e}" for e in errors] + [""]
    if old:
        lines += regression_summary(old.name, verdicts)
    if misses:
        lines += ["Targets jsuper's median misses in this run:", ""] + [f"- {m}" for m in misses] + [""]
    section = "\n".join(lines)
    print("\n" + section)
    os.makedirs(os.path.join(common.BENCH, "results"), exist_ok=True)
    out = os.path.join(common.BENCH, "results", f"{stamp:%Y-%m-%d-%H%M}.md")
    with open(out, "w") as f:
        f.write(f"# Benchmark run {stamp:%Y-%m-%d %H:%M}\n\n{section}")
    print(f"written: {out}")
    if a.no_docs or (a.only and not a.docs):
        print("docs/benchmarks.md left as it is" + (" (a partial run: --docs to rewrite it anyway)" if a.only else ""))
    else:
        print(f"updated: {update_docs(section)}")
    print(f"total run time: {total:.1f} s")
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
