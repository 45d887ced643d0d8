#!/usr/bin/python3
"""Start-up and footprint of jsuperd under JVM flag variants: launch -> READY=1, and idle RSS.

  bench/startup.py [--watchers 10,1000] [--rounds 5] [--idle 10] [--variants NAME,...] [--no-supervisord]
                   [--dist DIR] [--no-results]

For each watcher count and variant, jsuperd is started from the built distribution with a notify socket
of our own (as systemd would give it: NOTIFY_SOCKET), the time from launch to its READY=1 datagram is
taken (READY=1 comes once the control socket listens and every autostart watcher was spawned), then the
daemon idles for --idle seconds and its VmRSS and PSS are read; then it is shut down (SIGTERM) and every process
it started is killed by pid. Each watcher runs one `sleep`. Variants add JVM flags after the launcher's
own (JSUPERD_JAVA_OPTS, so they win). supervisord (which has no notify protocol) is timed from launch until
its socket listens and every program's `sleep` has exec'd, then measured the same way. Medians over --rounds; the table goes to stdout and, unless
--no-results, to bench/results/startup-YYYY-MM-DD-HHMM.md. docs/packaging.md explains the figures.

Needs a quiet machine for numbers worth keeping: like bench/run, the lead runs it; a smoke test is
`bench/startup.py --watchers 10 --rounds 1 --idle 2 --variants launcher`.
"""
import argparse
import os
import shutil
import socket
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchlib import common  # noqa: E402

# name -> extra JVM flags (appended after bin/jsuperd's own, so they win; docs/packaging.md lists the
# launcher's flags and the static AppCDS archive it maps).
VARIANTS = {
    "launcher": [],
    "no AppCDS": ["-Xshare:off"],
    "C2 too (no TieredStopAtLevel)": ["-XX:TieredStopAtLevel=4"],
    "-Xss256k": ["-Xss256k"],
    "Netty 1 event loop thread": ["-Dio.netty.eventLoopThreads=1"],
    "-Xmx32m": ["-Xmx32m"],
    "JVM's default heap-free ratios": ["-XX:MinHeapFreeRatio=40", "-XX:MaxHeapFreeRatio=70"],
}
SUPERVISORD = "supervisord 4.2.5"


def write_config(tmp, watchers):
    conf = os.path.join(tmp, "jsuperd.ini")
    with open(conf, "w") as f:
        f.write(f"[jsuperd]\nsocket = {tmp}/j.sock\nlogdir = {tmp}/logs\nloglevel = warn\n")
        for i in range(watchers):
            f.write(f"\n[watcher:w{i}]\ncmd = {common.SLEEP}\nargs = 100000\nstartsecs = 0\ngraceful_timeout = 5\n")
    return conf


def pss_mib(pid):
    """Proportional set size: shared pages (the CDS archive, libjvm) divided among the processes mapping them."""
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    return 0.0


def one_run(watchers, flags, idle_s):
    """Returns (seconds from launch to READY=1, idle RSS MiB, idle PSS MiB, threads)."""
    tmp = common.make_tmp("start")
    notify_path = os.path.join(tmp, "notify.sock")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(notify_path)
    notify.settimeout(1.0)
    conf = write_config(tmp, watchers)
    env = dict(os.environ, NOTIFY_SOCKET=notify_path, JSUPERD_JAVA_OPTS=" ".join(flags))
    t0 = time.monotonic()
    proc = common.spawn([os.path.join(common.DIST, "bin", "jsuperd"), "-c", conf], os.path.join(tmp, "daemon.out"), env=env)
    try:
        ready = None
        deadline = t0 + 300
        while ready is None:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"no READY=1 from jsuperd (see {tmp}/daemon.out)")
            try:
                msg = notify.recv(4096).decode()
            except socket.timeout:
                continue
            if msg.startswith("READY=1"):
                ready = time.monotonic() - t0
        time.sleep(idle_s)  # idle on purpose: the footprint after start-up settled
        rss = common.rss_mib(proc.pid)
        pss = pss_mib(proc.pid)
        threads = len(os.listdir(f"/proc/{proc.pid}/task"))
        return ready, rss, pss, threads
    finally:
        common.terminate(proc)
        notify.close()
        shutil.rmtree(tmp, ignore_errors=True)


def supervisord_run(watchers, idle_s):
    """supervisord with the same `sleep` programs: (launch -> socket + every child exec'd, RSS, PSS, threads)."""
    tmp = common.make_tmp("starts")
    conf = os.path.join(tmp, "supervisord.conf")
    os.makedirs(os.path.join(tmp, "logs"))
    with open(conf, "w") as f:
        f.write(f"[supervisord]\nnodaemon = true\nlogfile = {tmp}/supervisord.log\npidfile = {tmp}/s.pid\n"
                f"childlogdir = {tmp}/logs\nloglevel = warn\nminfds = 8192\n\n[unix_http_server]\nfile = {tmp}/s.sock\n\n"
                "[rpcinterface:supervisor]\n"
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n")
        for i in range(watchers):
            f.write(f"\n[program:w{i}]\ncommand = {common.SLEEP} 100000\nstartsecs = 0\nstopwaitsecs = 5\n"
                    f"stdout_logfile = {tmp}/logs/w{i}.out\nstderr_logfile = {tmp}/logs/w{i}.err\n")
    t0 = time.monotonic()
    proc = common.spawn(["supervisord", "-c", conf], os.path.join(tmp, "daemon.out"))
    try:
        common.wait_for(lambda: os.path.exists(f"{tmp}/s.sock")
                        and len(common.execd_children(proc.pid, common.SLEEP)) >= watchers, 600, 0.01,
                        f"supervisord with {watchers} programs")
        ready = time.monotonic() - t0
        time.sleep(idle_s)
        return ready, common.rss_mib(proc.pid), pss_mib(proc.pid), len(os.listdir(f"/proc/{proc.pid}/task"))
    finally:
        common.terminate(proc)
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--watchers", default="10,1000")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--idle", type=float, default=10)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--no-results", action="store_true")
    ap.add_argument("--no-supervisord", action="store_true")
    ap.add_argument("--dist", default=common.DIST, help="the jsuper tree to start (default: the build's)")
    args = ap.parse_args()
    common.DIST = args.dist
    counts = [int(x) for x in args.watchers.split(",")]
    names = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        sys.exit(f"unknown variant(s) {unknown}; known: {list(VARIANTS)}")

    rows = []
    try:
        for n in counts:
            for name in names + ([] if args.no_supervisord or not shutil.which("supervisord") else [SUPERVISORD]):
                if name == SUPERVISORD:
                    runs = [supervisord_run(n, args.idle) for _ in range(args.rounds)]
                else:
                    runs = [one_run(n, VARIANTS[name], args.idle) for _ in range(args.rounds)]
                ready = statistics.median(r[0] for r in runs)
                rss = statistics.median(r[1] for r in runs)
                pss = statistics.median(r[2] for r in runs)
                threads = statistics.median(r[3] for r in runs)
                flags = "(its own)" if name == SUPERVISORD else " ".join(VARIANTS[name]) or "(launcher defaults)"
                rows.append((n, name, flags, ready, rss, pss, threads))
                print(f"{n:>5} watchers  {name:<34} READY after {ready:6.2f} s   RSS {rss:6.1f} MiB   PSS {pss:6.1f} MiB"
                      f"   {threads:.0f} threads", flush=True)
    finally:
        common.cleanup_all()

    table = ["| watchers | variant | extra flags | launch → READY=1 (s) | idle RSS (MiB) | idle PSS (MiB) | threads |",
             "|---|---|---|---|---|---|---|"]
    table += [f"| {n} | {name} | `{flags}` | {ready:.2f} | {rss:.1f} | {pss:.1f} | {threads:.0f} |"
              for n, name, flags, ready, rss, pss, threads in rows]
    text = "\n".join(table)
    print("\n" + text)
    if not args.no_results:
        common.write_result("startup", "jsuperd start-up and footprint", f"{args.rounds} rounds, {args.idle:g} s idle, medians", text)


if __name__ == "__main__":
    main()
