#!/usr/bin/env python3
"""Control-plane benchmark: jsuper against supervisord on the same workloads, alternating, in one run.

  status CLI   wall time of `jsuperctl status` vs `supervisorctl status` with 10 watchers
  API calls/s  one keep-alive connection on the unix socket: GET /services vs XML-RPC getAllProcessInfo
  restart CLI  `jsuperctl restart w1` vs `supervisorctl restart w1` (startsecs = 0)
  restart API  POST /services/w1/restart?wait=true vs XML-RPC stopProcess + startProcess

Run with Debian's python3 (/usr/bin/python3), which has supervisor's client module.
Usage: bench/control.py [--quick] [--rounds 3] [--out bench/results]
"""
import argparse
import datetime
import http.client
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIST = os.path.join(ROOT, "packaging", "target", "jsuper")
SLEEP = os.path.realpath(shutil.which("sleep"))
WATCHERS = 10


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def wait_for(cond, timeout=60):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if cond():
                return True
        except Exception:
            pass
        time.sleep(0.02)
    raise RuntimeError("timed out")


def timed(fn, n):
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return statistics.median(out)


def run_quiet(cmd):
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode not in (0, 3):
        raise RuntimeError(f"{cmd}: exit {r.returncode}: {r.stderr.decode()}")


class Daemon:
    def __init__(self, tmp):
        self.tmp = tmp
        self.proc = None

    def stop(self):
        if self.proc is None:
            return
        kids = []
        for tid in os.listdir(f"/proc/{self.proc.pid}/task"):
            try:
                kids += [int(x) for x in open(f"/proc/{self.proc.pid}/task/{tid}/children").read().split()]
            except OSError:
                pass
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for k in kids:
            try:
                os.killpg(k, signal.SIGKILL)
            except OSError:
                pass


class Jsuper(Daemon):
    name = "jsuper"

    def start(self):
        self.sock = os.path.join(self.tmp, "jsuperd.sock")
        conf = os.path.join(self.tmp, "jsuperd.ini")
        with open(conf, "w") as f:
            f.write(f"[jsuperd]\nsocket = {self.sock}\nlogdir = {self.tmp}/logs\nloglevel = warn\n\n")
            for i in range(1, WATCHERS + 1):
                f.write(f"[watcher:w{i}]\ncmd = {SLEEP} 100000\nstartsecs = 0\ngraceful_timeout = 5\n\n")
        self.proc = subprocess.Popen([os.path.join(DIST, "bin", "jsuperd"), "-c", conf],
                                     stdout=open(os.path.join(self.tmp, "out.log"), "w"), stderr=subprocess.STDOUT)
        ctl = os.path.join(DIST, "bin", "jsuperctl")
        self.status_cmd = [ctl, "--socket", self.sock, "status"]
        self.restart_cmd = [ctl, "--socket", self.sock, "restart", "w1"]
        wait_for(lambda: subprocess.run(self.status_cmd, stdout=subprocess.DEVNULL).returncode == 0)

    def api_rate(self, seconds):
        out = subprocess.run(["java", "-XX:+UseSerialGC", os.path.join(ROOT, "bench", "ApiLoad.java"),
                              self.sock, "/services", str(seconds)], capture_output=True, text=True, check=True)
        return float(out.stdout.strip())

    def api_restart(self, n):
        conn = UnixHTTPConnection(self.sock)

        def once():
            conn.request("POST", "/services/w1/restart?wait=true")
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                raise RuntimeError(f"restart: {r.status}")
        return timed(once, n)


class Supervisord(Daemon):
    name = "supervisord"

    def start(self):
        self.sock = os.path.join(self.tmp, "supervisor.sock")
        conf = os.path.join(self.tmp, "supervisord.conf")
        with open(conf, "w") as f:
            f.write(f"[supervisord]\nnodaemon = true\nlogfile = {self.tmp}/supervisord.log\n"
                    f"pidfile = {self.tmp}/supervisord.pid\nchildlogdir = {self.tmp}\nloglevel = warn\n\n"
                    f"[unix_http_server]\nfile = {self.sock}\n\n[supervisorctl]\nserverurl = unix://{self.sock}\n\n"
                    "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n")
            for i in range(1, WATCHERS + 1):
                f.write(f"[program:w{i}]\ncommand = {SLEEP} 100000\nstartsecs = 0\nstopwaitsecs = 5\n\n")
        self.proc = subprocess.Popen(["supervisord", "-c", conf], stdout=open(os.path.join(self.tmp, "out.log"), "w"),
                                     stderr=subprocess.STDOUT)
        self.status_cmd = ["supervisorctl", "-c", conf, "status"]
        self.restart_cmd = ["supervisorctl", "-c", conf, "restart", "w1"]
        wait_for(lambda: subprocess.run(self.status_cmd, stdout=subprocess.DEVNULL).returncode == 0)

    def _proxy(self):
        from supervisor.xmlrpc import SupervisorTransport
        import xmlrpc.client
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=SupervisorTransport(None, None, f"unix://{self.sock}"))

    def api_rate(self, seconds):
        proxy = self._proxy()
        proxy.supervisor.getAllProcessInfo()
        n, end = 0, time.monotonic() + seconds
        while time.monotonic() < end:
            proxy.supervisor.getAllProcessInfo()
            n += 1
        return n / seconds

    def api_restart(self, n):
        proxy = self._proxy()

        def once():
            proxy.supervisor.stopProcess("w1", True)
            proxy.supervisor.startProcess("w1", True)
        return timed(once, n)


def one_round(cls, runs, seconds):
    tmp = tempfile.mkdtemp(prefix=f"bench-{cls.name}-")
    d = cls(tmp)
    try:
        d.start()
        res = {"status CLI ms": timed(lambda: run_quiet(d.status_cmd), runs),
               "API calls/s": d.api_rate(seconds),
               "restart CLI ms": timed(lambda: run_quiet(d.restart_cmd), max(5, runs // 2)),
               "restart API ms": d.api_restart(max(5, runs // 2))}
    finally:
        d.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    a = ap.parse_args()
    runs, seconds, rounds = (30, 3, a.rounds) if not a.quick else (10, 1, 1)
    if not os.path.exists(os.path.join(DIST, "bin", "jsuperd")):
        sys.exit("build first: mvn -B -q package -DskipTests")
    targets = [Jsuper]
    try:
        import supervisor.xmlrpc  # noqa: F401
        if shutil.which("supervisord"):
            targets.append(Supervisord)
    except ImportError:
        print("supervisord (Debian package `supervisor`) not usable from this python: skipping the anchor "
              "(install it with: apt-get install supervisor; run with /usr/bin/python3)")
    results = {c.name: [] for c in targets}
    for r in range(rounds):
        for cls in (targets if r % 2 == 0 else list(reversed(targets))):
            print(f"round {r + 1}/{rounds}: {cls.name} ...", flush=True)
            results[cls.name].append(one_round(cls, runs, seconds))
    metrics = ["status CLI ms", "API calls/s", "restart CLI ms", "restart API ms"]
    lines = [f"# Control-plane benchmark, {datetime.datetime.now():%Y-%m-%d %H:%M}", "",
             f"Machine: {platform.node()}, {os.cpu_count()} cores, Linux {platform.release()}; {WATCHERS} watchers of "
             f"`sleep`; {rounds} round(s) alternating; per round the median of {runs} CLI runs, "
             f"{max(5, runs // 2)} restarts, API load for {seconds} s on one keep-alive unix-socket connection.", "",
             "| metric | " + " | ".join(f"{t} min / median / max" for t in results) + " | jsuper / supervisord |",
             "|---|" + "---|" * (len(results) + 1)]
    for m in metrics:
        cells, med = [], {}
        for t, rs in results.items():
            vals = [x[m] for x in rs]
            med[t] = statistics.median(vals)
            cells.append(f"{min(vals):.4g} / {med[t]:.4g} / {max(vals):.4g}")
        ratio = f"{med['jsuper'] / med['supervisord']:.3g}" if med.get("supervisord") else "n/a"
        lines.append(f"| {m} | " + " | ".join(cells) + f" | {ratio} |")
    text = "\n".join(lines) + "\n"
    print(text)
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, f"{datetime.datetime.now():%Y-%m-%d-%H%M}-control.md")
    with open(path, "w") as f:
        f.write(text)
    print(f"written: {path}")


if __name__ == "__main__":
    main()
