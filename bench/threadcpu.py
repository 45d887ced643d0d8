#!/usr/bin/env python3
"""CPU per daemon thread for one core workload: where does jsuperd spend its CPU?

    bench/threadcpu.py bringup  [--n 1000]       daemon launch until n `sleep` children have exec'd
    bench/threadcpu.py respawn  [--n 20]         kill -9 of n distinct children among 1000, each until replaced
    bench/threadcpu.py restart  [--n 50]         n `POST /services/w1/restart?wait=true` (10 watchers)
    bench/threadcpu.py api      [--n 20000]      n `GET /services` on one keep-alive unix-socket connection
    bench/threadcpu.py logs     [--n 1024] [--time-format FMT]   one child writes n MiB of 100-byte lines
                                                 (bench/seqlog.c, 64 KiB writes), rotation 50 MB x 10, as the
                                                 suite's logs workload; then checks the retained files

Options: --dist DIR (default packaging/target/jsuper; give another build's dist to compare two builds),
--chrt (run only the daemon under `chrt -f 10`, for wall times close to a quiet machine; this script
stays at normal priority), --jfr FILE (record the workload with JFR, daemon side), --strace FILE
(`strace -f -c` summary of the workload window, attached to the daemon's threads), --perf FILE
(`perf record -a -g` around the launch and workload; then `perf report -i FILE --pid PID --sort comm,dso,sym`).

Wall time means little on a loaded machine; CPU-seconds do not depend on the load. Printed: the
workload's wall time, the daemon's CPU split by thread name (utime + stime from /proc/PID/task/TID/stat,
threads with the same name summed; digits folded into '#'), its total (threads that ended included), and
the CPU of the children (their own utime + stime, before and after exec, plus reaped helpers), and the
CPU of the daemon and all it started in ns from a cgroup v1 cpuacct group made for the run (when
/sys/fs/cgroup/cpuacct is writable; the daemon's own cgroup v2 placement of children is not affected).
"""
import argparse
import collections
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import common  # noqa: E402

SLEEP = common.SLEEP
TICK = common.TICK


def stat_fields(path):
    with open(path) as f:
        return f.read().rsplit(")", 1)[1].split()


def thread_cpu(pid):
    """{tid: (name, cpu seconds)} for every live thread of pid."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
            s = stat_fields(f"/proc/{pid}/task/{tid}/stat")
            out[tid] = (name, (int(s[11]) + int(s[12])) / TICK)
        except OSError:
            pass
    return out


def process_cpu(pid):
    """(own cpu, reaped children cpu) of pid in seconds."""
    s = stat_fields(f"/proc/{pid}/stat")
    return (int(s[11]) + int(s[12])) / TICK, (int(s[13]) + int(s[14])) / TICK


def live_children_cpu(pid):
    total = 0.0
    for c in common.children(pid):
        try:
            s = stat_fields(f"/proc/{c}/stat")
            total += (int(s[11]) + int(s[12])) / TICK
        except OSError:
            pass
    return total


class Snapshot:
    def __init__(self, pid):
        self.threads = thread_cpu(pid)
        self.own, self.reaped = process_cpu(pid)
        self.kids = live_children_cpu(pid)
        self.tree = TREE.seconds()
        self.t = time.monotonic()


def dump_jfr(args, pid):
    """The recording up to the end of the workload (the shutdown that follows is not part of it)."""
    if args.jfr:
        subprocess.run(["jcmd", str(pid), "JFR.dump", f"filename={args.jfr}"], stdout=subprocess.DEVNULL, check=False)


def report(title, a, b, ops):
    by_name = collections.Counter()
    for tid, (name, cpu) in b.threads.items():
        before = a.threads.get(tid, (name, 0.0))[1] if a else 0.0
        by_name[re.sub(r"\d+", "#", name)] += cpu - before
    own = b.own - (a.own if a else 0)
    print(f"== {title}: wall {b.t - (a.t if a else b.t0):.3f} s, daemon CPU {own:.2f} s"
          + (f" ({1000 * own / ops:.3f} ms per op, {ops} ops)" if ops else ""))
    for name, cpu in by_name.most_common():
        if cpu >= 0.005:
            print(f"   {cpu:8.2f} s  {name}")
    ended = own - sum(by_name.values())
    if ended >= 0.005:
        print(f"   {ended:8.2f} s  (threads that ended)")
    kids = b.kids - (a.kids if a else 0)
    reaped = b.reaped - (a.reaped if a else 0)
    print(f"   children: {kids:.2f} s live + {reaped:.2f} s reaped (in clock ticks)")
    tree = b.tree - (a.tree if a else 0)
    print(f"   daemon + children (cpuacct): {tree:.3f} s, children alone {tree - own:.3f} s")


def write_config(tmp, watchers, extra=""):
    sock = os.path.join(tmp, "j.sock")
    conf = os.path.join(tmp, "jsuperd.ini")
    with open(conf, "w") as f:
        f.write(f"[jsuperd]\nsocket = {sock}\nlogdir = {tmp}/logs\nloglevel = warn\n")
        f.write(extra)
        for name, n in watchers:
            f.write(f"\n[watcher:{name}]\ncmd = {SLEEP}\nargs = 100000\nnumprocesses = {n}\nstartsecs = 0\n"
                    f"max_retry = -1\ngraceful_timeout = 5\nautorestart = true\n")
    return conf, sock


CPUACCT = "/sys/fs/cgroup/cpuacct"


class Tree:
    """A cgroup v1 cpuacct group holding the daemon and everything it starts: their CPU in ns, all included."""

    def __init__(self):
        self.dir = os.path.join(CPUACCT, f"jsb-tcpu-{os.getpid()}") if os.access(CPUACCT, os.W_OK) else None
        if self.dir:
            os.makedirs(self.dir, exist_ok=True)

    def wrap(self, cmd):
        if not self.dir:
            return cmd
        return ["sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', self.dir] + cmd

    def seconds(self):
        if not self.dir:
            return float("nan")
        with open(os.path.join(self.dir, "cpuacct.usage")) as f:
            return int(f.read()) / 1e9

    def remove(self):
        if self.dir:
            for _ in range(100):
                try:
                    os.rmdir(self.dir)
                    return
                except OSError:
                    time.sleep(0.1)


TREE = None


def start(args, tmp, watchers, extra=""):
    conf, sock = write_config(tmp, watchers, extra)
    cmd = TREE.wrap([os.path.join(args.dist, "bin", "jsuperd"), "-c", conf])
    if args.chrt:
        cmd = ["chrt", "-f", "10"] + cmd
    env = dict(os.environ)
    if args.jfr:
        env["JSUPERD_JAVA_OPTS"] = (env.get("JSUPERD_JAVA_OPTS", "") +
                                    f" -XX:StartFlightRecording=settings={args.jfc}")
    t0 = time.monotonic()
    p = common.spawn(cmd, os.path.join(tmp, "daemon.out"), env=env)
    return p, sock, t0


def up(pid, n):
    return len(common.execd_children(pid, SLEEP)) >= n


class Conn(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=60)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def call(conn, method, path):
    conn.request(method, path)
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        raise RuntimeError(f"{method} {path}: {r.status} {body[:200]!r}")
    return body


def ready(sock):
    try:
        call(Conn(sock), "GET", "/services")
        return True
    except Exception:  # noqa: BLE001 - not listening yet
        return False


class Strace:
    """strace -c attached to every daemon thread for the workload window."""

    def __init__(self, pid, out):
        self.p = None
        if out:
            self.p = subprocess.Popen(["strace", "-f", "-c", "-o", out, "-p", str(pid)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.0)

    def stop(self):
        if self.p:
            self.p.send_signal(signal.SIGINT)
            self.p.wait(timeout=30)


def run(args):
    global TREE
    TREE = Tree()
    tmp = common.make_tmp("tcpu")
    perf = subprocess.Popen(["perf", "record", "-q", "-a", "-g", "-F", str(args.perf_freq), "-o", args.perf],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) if args.perf and args.workload != "logs" else None
    try:
        if args.workload == "bringup":
            p, sock, t0 = start(args, tmp, [("sleep", args.n or 1000)])
            common.wait_for(lambda: up(p.pid, args.n or 1000), 300, pause=0.01, what="children up")
            b = Snapshot(p.pid)
            b.t0 = t0
            dump_jfr(args, p.pid)
            report(f"bring-up of {args.n or 1000} (since launch)", None, b, 0)
            print(f"   daemon pid {p.pid}")
            if args.keep:
                subprocess.run(["find", tmp, "-maxdepth", "3"], check=False)
            return
        if args.workload == "logs":
            return run_logs(args, tmp)
        watchers = [("sleep", 1000)] if args.workload == "respawn" else [(f"w{i}", 1) for i in range(1, 11)]
        p, sock, _ = start(args, tmp, watchers)
        total = sum(n for _, n in watchers)
        common.wait_for(lambda: up(p.pid, total) and ready(sock), 300, pause=0.05, what="children up")
        time.sleep(args.settle)
        conn = Conn(sock)
        n = args.n or {"respawn": 20, "restart": 50, "api": 20000}[args.workload]
        if args.workload == "api":
            for _ in range(500):  # warm-up (JIT), as bench/ApiLoad.java does
                call(conn, "GET", "/services")
        st = Strace(p.pid, args.strace)
        a = Snapshot(p.pid)
        if args.workload == "respawn":
            for v in sorted(common.execd_children(p.pid, SLEEP))[:n]:
                before = set(common.children(p.pid))
                os.kill(v, signal.SIGKILL)
                common.wait_for(lambda: any(c not in before and common.exe(c) == SLEEP
                                            for c in common.children(p.pid)), 30, pause=0.001, what="respawn")
        elif args.workload == "restart":
            for _ in range(n):
                call(conn, "POST", "/services/w1/restart?wait=true")
                common.wait_for(lambda: up(p.pid, total), 30, pause=0.002, what="restarted child exec'd")
        else:
            for _ in range(n):
                call(conn, "GET", "/services")
        b = Snapshot(p.pid)
        st.stop()
        dump_jfr(args, p.pid)
        report(f"{args.workload} x{n}", a, b, n)
        if args.strace:
            with open(args.strace) as f:
                print("".join(f.readlines()[:40]))
    finally:
        if perf:
            perf.send_signal(signal.SIGINT)
            perf.wait(timeout=120)
        common.cleanup_all()
        TREE.remove()
        shutil.rmtree(tmp, ignore_errors=True)


def run_logs(args, tmp):
    """The suite's logs workload with the daemon's CPU split by thread (and optionally strace/JFR/perf)."""
    from benchlib import workloads
    seqlog = os.path.join(tmp, "seqlog")
    subprocess.run(["cc", "-O2", "-o", seqlog, os.path.join(common.BENCH, "seqlog.c")], check=True)
    size = (args.n or 1024) * 2**20
    lines = size // workloads.LINE
    go, out = os.path.join(tmp, "go"), os.path.join(tmp, "out", "writer.log")
    os.makedirs(os.path.dirname(out))
    extra = (f"\n[watcher:writer]\ncmd = {seqlog}\nargs = write {size} {go}\nnumprocesses = 1\nstartsecs = 0\n"
             f"autorestart = false\nstdout_stream.filename = {out}\nstdout_stream.max_bytes = 50MB\n"
             f"stdout_stream.backup_count = 10\n")
    if args.time_format:
        extra += f"stdout_stream.time_format = {args.time_format}\n"
    p, sock, _ = start(args, tmp, [], extra)
    common.wait_for(lambda: ready(sock) and common.execd_children(p.pid, os.path.realpath(seqlog)), 60,
                    pause=0.05, what="writer up")
    time.sleep(args.settle)
    st = Strace(p.pid, args.strace)
    perf = None
    if args.perf:  # the burst only, the daemon's threads only
        perf = subprocess.Popen(["perf", "record", "-q", "-g", "-F", str(args.perf_freq), "-o", args.perf, "-p", str(p.pid)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
    a = Snapshot(p.pid)
    open(go, "w").close()
    workloads._wait_last_line(out, lines, 600, bool(args.time_format))
    b = Snapshot(p.pid)
    st.stop()
    if perf:
        perf.send_signal(signal.SIGINT)
        perf.wait(timeout=120)
    dump_jfr(args, p.pid)
    gib = size / 2**30
    report(f"logs {size >> 20} MiB", a, b, 0)
    print(f"   {(b.own - a.own) / gib:.3f} daemon CPU-s per GiB, {size / 2**20 / (b.t - a.t):.0f} MiB/s")
    files = [out + f".{i}" for i in range(10, 0, -1) if os.path.exists(out + f".{i}")] + [out]
    env = dict(os.environ, SEQLOG_PREFIXED="1") if args.time_format else None
    print("   check: " + subprocess.run([seqlog, "check", str(lines)] + files, capture_output=True, text=True,
                                        env=env).stdout.strip())
    if args.strace:
        with open(args.strace) as f:
            print("".join(f.readlines()[:40]))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workload", choices=["bringup", "respawn", "restart", "api", "logs"])
    ap.add_argument("--time-format", help="logs: stdout_stream.time_format (per-line timestamps)")
    ap.add_argument("--n", type=int, default=0)
    ap.add_argument("--dist", default=common.DIST)
    ap.add_argument("--chrt", action="store_true")
    ap.add_argument("--settle", type=float, default=3.0, help="pause after bring-up before the workload (s)")
    ap.add_argument("--jfr")
    ap.add_argument("--jfc", default="profile", help="JFR settings for --jfr (e.g. a copy of profile.jfc sampling every 1 ms)")
    ap.add_argument("--keep", action="store_true", help="bring-up: list the files the daemon made")
    ap.add_argument("--strace")
    ap.add_argument("--perf-freq", type=int, default=499, help="samples per second for --perf")
    ap.add_argument("--perf", help="perf record -a -g into FILE while the daemon runs (kernel and JVM frames)")
    args = ap.parse_args()
    args.dist = os.path.abspath(args.dist)
    try:
        run(args)
    except KeyboardInterrupt:
        common.cleanup_all()


if __name__ == "__main__":
    main()
