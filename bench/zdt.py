#!/usr/bin/env python3
"""Zero-downtime bench (issue 12): failed requests and outage while a gunicorn service is restarted, reloaded,
rolled, deployed broken and while the supervisor itself restarts, under jsuper and supervisord in the same run,
with the same gunicorn app, the same load and the same releases.

    python3 bench/zdt.py [--window S] [--out FILE]

Needs the built distribution (packaging/target/jsuper), /usr/bin/gunicorn and supervisord (Debian packages
gunicorn, supervisor). Binds loopback ports only; every process it starts is stopped at the end.

The load: 4 client threads, a new loopback connection per request (HTTP/1.0 GET), 10 s timeout. A request
fails when it gets no 200 answer (refused, reset, timed out). "outage" is the longest stretch without a
successful answer; with jsuper's daemon-owned socket requests wait in the kernel's queue instead of failing,
so there the outage shows up as latency. Each case runs the load for 2 s, the operation, then `--window`
seconds more (to see whether the service comes back).
"""
import argparse
import datetime
import http.client
import os
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import common  # noqa: E402
from benchlib.common import DIST  # noqa: E402

GUNICORN = "/usr/bin/gunicorn"
CLIENTS = 4
APP = """import os
def app(environ, start_response):
    body = ('pid %d release RELEASE' % os.getpid()).encode()
    start_response('200 OK', [('Content-Length', str(len(body)))])
    return [body]
"""


class Load:
    """CLIENTS threads of fresh-connection GETs; counts requests and failures, keeps success times for the outage."""

    def __init__(self, port):
        self.port = port
        self.stop = False
        self.lock = threading.Lock()
        self.requests = self.failed = 0
        self.max_latency = 0.0
        self.ok_times = []
        self.first_failure = None
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(CLIENTS)]
        self.started = time.monotonic()
        for t in self.threads:
            t.start()

    def run(self):
        while not self.stop:
            t0 = time.monotonic()
            err = None
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                c.request("GET", "/")
                r = c.getresponse()
                r.read()
                c.close()
                if r.status != 200:
                    err = f"HTTP {r.status}"
            except Exception as e:  # noqa: BLE001 - any failure of the request counts
                err = repr(e)
            t1 = time.monotonic()
            with self.lock:
                self.requests += 1
                self.max_latency = max(self.max_latency, t1 - t0)
                if err:
                    self.failed += 1
                    self.first_failure = self.first_failure or err
                    time.sleep(0.01)  # a refused connection returns at once: do not spin
                else:
                    self.ok_times.append(t1)

    def finish(self):
        self.stop = True
        for t in self.threads:
            t.join(15)
        times = sorted(self.ok_times)
        gaps = [b - a for a, b in zip(times, times[1:])]
        end_gap = time.monotonic() - times[-1] if times else time.monotonic() - self.started
        return {"requests": self.requests, "failed": self.failed, "max_latency_ms": round(self.max_latency * 1000),
                "outage_ms": round(max(gaps + [end_gap]) * 1000), "first_failure": self.first_failure}


def releases(tmp):
    """releases/0.1 and 0.2 (good), broken (cannot import), and the `current` link at 0.1."""
    for rel in ("0.1", "0.2", "broken"):
        d = os.path.join(tmp, "releases", rel)
        os.makedirs(d)
        with open(os.path.join(d, "app.py"), "w") as f:
            f.write("import no_such_module_in_this_release\n" if rel == "broken" else APP.replace("RELEASE", rel))
    current = os.path.join(tmp, "current")
    os.symlink(os.path.join(tmp, "releases", "0.1"), current)
    return current


def switch(current, target):
    """The deploy step users script: a new link renamed over `current` (atomic)."""
    tmp_link = current + ".new"
    os.symlink(target, tmp_link)
    os.replace(tmp_link, current)


class JsuperService:
    name = "jsuper"

    def __init__(self, tmp, port, processes):
        self.tmp, self.port = tmp, port
        self.current = releases(tmp)
        self.sock = os.path.join(tmp, "j.sock")
        one = processes == 1
        conf = os.path.join(tmp, "jsuperd.ini")
        with open(conf, "w") as f:
            f.write(f"[jsuperd]\nsocket = {self.sock}\nlogdir = {tmp}/logs\n\n[socket:web]\nport = {port}\n\n"
                    f"[watcher:web]\ncmd = {GUNICORN} --bind fd://$(circus.sockets.web) --workers {2 if one else 1} "
                    f"--graceful-timeout 10 --chdir {self.current} app:app\nuse_sockets = true\n"
                    f"numprocesses = {processes}\nsend_hup = {'true' if one else 'false'}\n"
                    f"release_link = {self.current}\nreadiness = http http://127.0.0.1:{port}/\n"
                    "readiness.interval = 300ms\nreadiness.success_threshold = 3\nready_deadline = 30s\n"
                    "graceful_timeout = 15\n")
        self.proc = common.spawn([os.path.join(DIST, "bin", "jsuperd"), "-c", conf], os.path.join(tmp, "daemon.out"))

    def ctl(self, *args, ok=(0,)):
        return common.run_checked([os.path.join(DIST, "bin", "jsuperctl"), "--socket", self.sock, *args], ok=ok)

    def wait_serving(self):
        common.wait_for(lambda: "RUNNING" in self.ctl("status", "web", ok=(0, 3)) and serves(self.port), 90,
                        pause=0.2, what="jsuper's gunicorn")

    def restart(self):
        self.ctl("restart", "web")

    def reload_new_release(self):
        switch(self.current, os.path.join(self.tmp, "releases", "0.2"))
        self.ctl("reload", "web")

    def rolling_restart(self):
        self.ctl("restart", "web")

    def broken_release(self):
        return self.ctl("deploy", "web", "--release", os.path.join(self.tmp, "releases", "broken"), ok=(0, 1))

    def daemon_restart(self):
        self.ctl("daemon-restart")

    def close(self):
        common.terminate(self.proc)


class SupervisordService:
    name = "supervisord"

    def __init__(self, tmp, port, processes):
        self.tmp, self.port, self.processes = tmp, port, processes
        self.current = releases(tmp)
        sock = os.path.join(tmp, "s.sock")
        self.conf = os.path.join(tmp, "supervisord.conf")
        one = processes == 1
        bind = f"--bind 127.0.0.1:{port}" + ("" if one else " --reuse-port")
        with open(self.conf, "w") as f:
            f.write(f"[supervisord]\nnodaemon = true\nlogfile = {tmp}/supervisord.log\npidfile = {tmp}/s.pid\n"
                    f"childlogdir = {tmp}\n\n[unix_http_server]\nfile = {sock}\n\n[supervisorctl]\n"
                    f"serverurl = unix://{sock}\n\n[rpcinterface:supervisor]\n"
                    "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
                    f"[program:web]\ncommand = {GUNICORN} {bind} --workers {2 if one else 1} --graceful-timeout 10 "
                    f"--chdir {self.current} app:app\nstartsecs = 1\nstopwaitsecs = 15\n"
                    f"stdout_logfile = {tmp}/web.out\nredirect_stderr = true\n")
            if not one:
                f.write(f"numprocs = {processes}\nprocess_name = %(program_name)s_%(process_num)s\n")
        self.proc = common.spawn(["supervisord", "-c", self.conf], os.path.join(tmp, "daemon.out"))

    def ctl(self, *args, ok=(0,)):
        return common.run_checked(["supervisorctl", "-c", self.conf, *args], ok=ok)

    def wait_serving(self):
        common.wait_for(lambda: self.ctl("status", ok=(0, 3)).count("RUNNING") == self.processes and serves(self.port),
                        90, pause=0.2, what="supervisord's gunicorn")

    def restart(self):
        self.ctl("restart", "web")

    def reload_new_release(self):
        # gunicorn does the work: HUP with --chdir through the link re-reads the new release
        switch(self.current, os.path.join(self.tmp, "releases", "0.2"))
        self.ctl("signal", "HUP", "web")

    def rolling_restart(self):
        # what a careful operator does by hand: one process at a time (both bind with SO_REUSEPORT)
        for i in range(self.processes):
            self.ctl("restart", f"web:web_{i}")

    def broken_release(self):
        switch(self.current, os.path.join(self.tmp, "releases", "broken"))
        return self.ctl("signal", "HUP", "web", ok=(0, 1, 2, 7))

    def daemon_restart(self):
        self.ctl("reload")  # supervisorctl reload: restarts supervisord's programs, re-reads the config

    def close(self):
        common.terminate(self.proc)


def serves(port):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        c.request("GET", "/")
        ok = c.getresponse().status == 200
        c.close()
        return ok
    except OSError:
        return False


CASES = [
    ("restart", "`restart web` (jsuper: rolling, daemon-owned socket, readiness check)", 1, "restart"),
    ("reload", "switch `current` to 0.2, then HUP (jsuper: `reload web`, waits for readiness again)", 1,
     "reload_new_release"),
    ("rolling", "2 processes replaced (jsuper: rolling `restart web`; supervisord: `restart web:web_0`, then "
                "`web:web_1`, SO_REUSEPORT)", 2, "rolling_restart"),
    ("broken", "a release that cannot import, by HUP (jsuper: `deploy web --release broken`, rolls back)", 1,
     "broken_release"),
    ("daemon", "the supervisor restarts itself (jsuper: `daemon-restart`, sockets handed over; "
               "supervisord: `supervisorctl reload`)", 1, "daemon_restart"),
]


def run_case(service_class, case, window):
    key, _, processes, op = case
    tmp = common.make_tmp(f"zdt-{key}")
    port = common.free_port()
    svc = service_class(tmp, port, processes)
    try:
        svc.wait_serving()
        load = Load(port)
        time.sleep(2)
        t0 = time.monotonic()
        getattr(svc, op)()
        op_s = time.monotonic() - t0
        time.sleep(window)
        result = load.finish()
        result["operation_s"] = round(op_s, 2)
        result["serving_at_end"] = serves(port)
        return result
    finally:
        svc.close()
        shutil.rmtree(tmp, ignore_errors=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--window", type=float, default=8, help="seconds of load after each operation (default 8)")
    ap.add_argument("--out", help="write the Markdown table here (default bench/results/zdt-DATE.md)")
    args = ap.parse_args()
    for need in (GUNICORN, shutil.which("supervisord") or "/nonexistent", os.path.join(DIST, "bin", "jsuperd")):
        if not os.path.exists(need):
            sys.exit(f"zdt.py: {need} is missing (gunicorn and supervisor packages, and the built distribution)")
    load_before = loadavg()
    rows = []
    try:
        for case in CASES:
            for service in (SupervisordService, JsuperService):
                r = run_case(service, case, args.window)
                print(f"{case[0]:8} {service.name:11} {r}", flush=True)
                rows.append((case, service.name, r))
    finally:
        common.cleanup_all()
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d-%H%M")
    out = args.out or os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", f"zdt-{stamp}.md")
    with open(out, "w") as f:
        f.write(f"# Zero-downtime bench ({stamp} UTC)\n\n`python3 bench/zdt.py --window {args.window:g}`: gunicorn "
                f"20.1 (`/usr/bin/gunicorn`), supervisord {supervisord_version()}, jsuper from "
                f"`packaging/target/jsuper`; {CLIENTS} clients, a new connection per request, 10 s timeout; load "
                f"average before the run {load_before}, after {loadavg()} (2 cores, other builds running).\n\n"
                "| case | supervisor | requests | failed | outage (longest stretch without a success) | max latency "
                "| operation took | serving at the end |\n|---|---|---|---|---|---|---|---|\n")
        for case, name, r in rows:
            f.write(f"| {case[0]}: {case[1]} | {name} | {r['requests']} | **{r['failed']}** | {r['outage_ms']} ms "
                    f"| {r['max_latency_ms']} ms | {r['operation_s']} s | {'yes' if r['serving_at_end'] else '**no**'} |\n")
        f.write("\nFirst failure per row (when any):\n\n")
        for case, name, r in rows:
            if r["first_failure"]:
                f.write(f"* {case[0]} / {name}: `{r['first_failure'][:160]}`\n")
    print(f"written {out}")


def supervisord_version():
    try:
        return subprocess.run(["supervisord", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


if __name__ == "__main__":
    main()
