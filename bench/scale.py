#!/usr/bin/env python3
"""Scale benchmark: jsuperd against supervisord on the same workloads, alternating, in one run.

Workloads (the core issue's targets):
  bring-up  time from launching the daemon until N `sleep` children have exec'd (startsecs = 0)
  rss       daemon RSS with N children, after settling
  idle-cpu  daemon CPU use with N children over a quiet window
  respawn   time from `kill -9` of a child until its replacement has exec'd (distinct children)

Every process is started by this script and cleaned up by pid / process group. Sockets live in a temp dir.
Usage: bench/scale.py [--quick] [--n 1000] [--rounds 3] [--out bench/results]
"""
import argparse
import datetime
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIST = os.path.join(ROOT, "packaging", "target", "jsuper")
SLEEP = os.path.realpath(shutil.which("sleep"))
TICK = os.sysconf("SC_CLK_TCK")


def children(pid):
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out.extend(int(x) for x in f.read().split())
    except OSError:
        pass
    return out


def execd_sleepers(pid):
    """Children of pid whose executable is now `sleep` (so exec has happened)."""
    n = set()
    for c in children(pid):
        try:
            if os.readlink(f"/proc/{c}/exe") == SLEEP:
                n.add(c)
        except OSError:
            pass
    return n


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


class Target:
    name = ""

    def __init__(self, tmp, n):
        self.tmp = tmp
        self.n = n
        self.proc = None

    def stop(self):
        if self.proc is None:
            return
        kids = children(self.proc.pid)
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for k in kids:  # anything left behind, by pid / process group
            for kill in (lambda: os.killpg(k, signal.SIGKILL), lambda: os.kill(k, signal.SIGKILL)):
                try:
                    kill()
                except OSError:
                    pass
        self.proc = None


class Jsuper(Target):
    name = "jsuper"

    def start(self):
        conf = os.path.join(self.tmp, "jsuperd.ini")
        with open(conf, "w") as f:
            f.write(f"""[jsuperd]
socket = {self.tmp}/jsuperd.sock
logdir = {self.tmp}/logs
loglevel = warn

[watcher:sleep]
cmd = {SLEEP} 100000
numprocesses = {self.n}
startsecs = 0
max_retry = -1
""")
        self.proc = subprocess.Popen([os.path.join(DIST, "bin", "jsuperd"), "-c", conf],
                                     stdout=open(os.path.join(self.tmp, "jsuperd.out"), "w"),
                                     stderr=subprocess.STDOUT)
        return self.proc


class Supervisord(Target):
    name = "supervisord"

    def start(self):
        conf = os.path.join(self.tmp, "supervisord.conf")
        os.makedirs(os.path.join(self.tmp, "slogs"), exist_ok=True)
        with open(conf, "w") as f:
            f.write(f"""[supervisord]
nodaemon = true
logfile = {self.tmp}/supervisord.log
pidfile = {self.tmp}/supervisord.pid
childlogdir = {self.tmp}/slogs
loglevel = warn
minfds = 8192

[unix_http_server]
file = {self.tmp}/supervisor.sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:sleep]
command = {SLEEP} 100000
numprocs = {self.n}
process_name = %(program_name)s_%(process_num)s
startsecs = 0
autorestart = true
stdout_logfile = {self.tmp}/slogs/%(program_name)s_%(process_num)s.out
stderr_logfile = {self.tmp}/slogs/%(program_name)s_%(process_num)s.err
""")
        self.proc = subprocess.Popen(["supervisord", "-c", conf],
                                     stdout=open(os.path.join(self.tmp, "supervisord.out"), "w"),
                                     stderr=subprocess.STDOUT)
        return self.proc


def wait_for(cond, timeout, pause=0.0005):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(pause)
    return False


def all_up(pid, n):
    """n children exist and all of them have exec'd `sleep` (cheap count first: polling must not load the CPU)."""
    return len(children(pid)) >= n and len(execd_sleepers(pid)) >= n


def child_files(pid):
    """The /proc children files of the daemon's threads that have spawned something."""
    out = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        path = f"/proc/{pid}/task/{tid}/children"
        try:
            with open(path) as f:
                if f.read().strip():
                    out.append(path)
        except OSError:
            pass
    return out


def respawned(files, before):
    """True once a child that was not in `before` has exec'd `sleep`."""
    for path in files:
        try:
            with open(path) as f:
                for c in f.read().split():
                    c = int(c)
                    if c not in before:
                        try:
                            if os.readlink(f"/proc/{c}/exe") == SLEEP:
                                return True
                        except OSError:
                            pass
        except OSError:
            pass
    return False


def one_round(cls, n, idle_window, respawn_samples):
    tmp = tempfile.mkdtemp(prefix=f"bench-{cls.name}-")
    t = cls(tmp, n)
    result = {}
    try:
        t0 = time.monotonic()
        p = t.start()
        if not wait_for(lambda: all_up(p.pid, n), 120, pause=0.01):
            raise RuntimeError(f"{cls.name}: only {len(execd_sleepers(p.pid))} of {n} children came up")
        result["bring-up s"] = time.monotonic() - t0
        time.sleep(5)  # let start-up work (JIT, GC, logging) settle before measuring idle figures
        result["RSS MiB"] = rss_kib(p.pid) / 1024
        c0, w0 = cpu_seconds(p.pid), time.monotonic()
        time.sleep(idle_window)
        result["idle CPU %"] = 100 * (cpu_seconds(p.pid) - c0) / (time.monotonic() - w0)
        lat = []
        victims = sorted(execd_sleepers(p.pid))[:respawn_samples]
        files = child_files(p.pid)
        for v in victims:
            before = set(children(p.pid))
            t1 = time.perf_counter()
            os.kill(v, signal.SIGKILL)
            if not wait_for(lambda: respawned(files, before), 30, pause=0):
                raise RuntimeError(f"{cls.name}: no respawn after killing {v}")
            lat.append((time.perf_counter() - t1) * 1000)
            time.sleep(0.05)
        result["respawn ms"] = statistics.median(lat)
    finally:
        t.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    a = ap.parse_args()
    idle, samples, rounds = (30, 20, a.rounds) if not a.quick else (5, 10, 1)
    if not os.path.exists(os.path.join(DIST, "bin", "jsuperd")):
        sys.exit("build first: mvn -B -q package -DskipTests")
    targets = [Jsuper]
    if shutil.which("supervisord"):
        targets.append(Supervisord)
    else:
        print("supervisord not found: skipping the anchor (install it with: apt-get install supervisor)")
    runs = {c.name: [] for c in targets}
    for r in range(rounds):
        for cls in (targets if r % 2 == 0 else list(reversed(targets))):
            print(f"round {r + 1}/{rounds}: {cls.name} ...", flush=True)
            runs[cls.name].append(one_round(cls, a.n, idle, samples))
    metrics = ["bring-up s", "RSS MiB", "idle CPU %", "respawn ms"]
    lines = [f"# Scale benchmark, {datetime.datetime.now():%Y-%m-%d %H:%M}", "",
             f"Machine: {platform.node()}, {os.cpu_count()} cores, Linux {platform.release()}; "
             f"N = {a.n} `sleep` children, startsecs = 0, {rounds} round(s) alternating, idle window {idle} s, "
             f"{samples} respawn samples per round (median per round).", "",
             "| metric | " + " | ".join(f"{t} min / median / max" for t in runs) + " | jsuper / supervisord |",
             "|---|" + "---|" * (len(runs) + 1)]
    for m in metrics:
        cells, medians = [], {}
        for t, rs in runs.items():
            vals = [x[m] for x in rs]
            medians[t] = statistics.median(vals)
            cells.append(f"{min(vals):.3g} / {medians[t]:.3g} / {max(vals):.3g}")
        ratio = f"{medians['jsuper'] / medians['supervisord']:.3g}" if "supervisord" in medians and medians["supervisord"] else "n/a"
        lines.append(f"| {m} | " + " | ".join(cells) + f" | {ratio} |")
    text = "\n".join(lines) + "\n"
    print(text)
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, f"{datetime.datetime.now():%Y-%m-%d-%H%M}-scale.md")
    with open(path, "w") as f:
        f.write(text)
    print(f"written: {path}")


if __name__ == "__main__":
    main()
