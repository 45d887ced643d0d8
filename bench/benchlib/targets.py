"""The supervisors under test, behind one interface, configured from the same watcher descriptions.

A Target writes its own config for a list of Watcher specs into a private temp dir, launches its daemon
(registered for clean-up in common), and offers the same operations to every workload: the control CLI,
the API, the daemon's pid (for RSS, CPU and children) and the paths of a watcher's retained log files.
"""
import dataclasses
import http.client
import json
import os
import shlex
import shutil
import socket
import subprocess
import time

from . import common
from .common import DIST, BENCH


@dataclasses.dataclass
class Watcher:
    name: str
    cmd: list
    numprocs: int = 1
    startsecs: int = 0
    graceful_s: float = 5
    autorestart: bool = True
    stdout: str = None       # output file; None = the target's per-process default under its temp dir
    max_bytes: str = None    # e.g. "50MB"; None = the target's default
    backups: int = None
    group_kill: bool = False  # supervisord's stopasgroup + killasgroup (jsuper/PM2: ignored, they have one behaviour)
    time_format: str = None   # jsuper's stdout_stream.time_format (per-line timestamps); others: ignored
    jsuper_extra: str = None  # raw jsuper option lines (health checks…); other targets have no such options


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=60):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


class Target:
    name = ""
    has_api = True
    has_logs = True

    def __init__(self, tmp):
        self.tmp = tmp
        self.proc = None
        self.env = None  # environment for the control CLI

    @property
    def pid(self):
        return self.proc.pid

    def shutdown(self):
        common.terminate(self.proc)
        self.proc = None

    def wait_ready(self, timeout=60):
        common.wait_for(lambda: subprocess.run(self.status_cmd(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                               env=self.env).returncode in (0, 3),
                        timeout, pause=0.05, what=f"{self.name} to answer status")

    def ctl(self, verb, name):
        common.run_checked(self.ctl_cmd(verb, name), env=self.env)

    def log_files(self, w):
        """The retained files of a watcher's stdout, oldest first (both supervisors rotate as name.N)."""
        return [f"{w.stdout}.{i}" for i in range(w.backups, 0, -1)] + [w.stdout]

    def get(self, path):
        """One GET on a fresh unix-socket connection; returns the body (raises on a non-200)."""
        conn = UnixHTTPConnection(self.sock)
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            body = r.read()
            if r.status != 200:
                raise RuntimeError(f"GET {path}: {r.status} {body[:200]!r}")
            return body
        finally:
            conn.close()


class Jsuper(Target):
    name = "jsuper"
    dist = DIST  # the distribution run (bench/run --baseline adds a subclass with an older build's)

    def start(self, watchers, tcp=False):
        self.sock = os.path.join(self.tmp, "j.sock")
        self.port = common.free_port() if tcp else None
        conf = os.path.join(self.tmp, "jsuperd.ini")
        with open(conf, "w") as f:
            f.write(f"[jsuperd]\nsocket = {self.sock}\nlogdir = {self.tmp}/logs\nloglevel = warn\n")
            if tcp:
                f.write(f"http = 127.0.0.1:{self.port}\n")
            for w in watchers:
                f.write(f"\n[watcher:{w.name}]\ncmd = {w.cmd[0]}\n")
                if len(w.cmd) > 1:
                    f.write(f"args = {shlex.join(w.cmd[1:])}\n")
                f.write(f"numprocesses = {w.numprocs}\nstartsecs = {w.startsecs}\nmax_retry = -1\n"
                        f"graceful_timeout = {w.graceful_s}\nautorestart = {str(w.autorestart).lower()}\n")
                if w.stdout:
                    f.write(f"stdout_stream.filename = {w.stdout}\n")
                if w.max_bytes:
                    f.write(f"stdout_stream.max_bytes = {w.max_bytes}\n")
                if w.backups is not None:
                    f.write(f"stdout_stream.backup_count = {w.backups}\n")
                if w.time_format:
                    f.write(f"stdout_stream.time_format = {w.time_format}\n")
                if w.jsuper_extra:
                    f.write(w.jsuper_extra.rstrip("\n") + "\n")
        self.conf = conf
        self.proc = common.spawn([os.path.join(self.dist, "bin", "jsuperd"), "-c", conf], os.path.join(self.tmp, "daemon.out"))
        return self.proc

    def _ctl(self):
        return [os.path.join(self.dist, "bin", "jsuperctl"), "--socket", self.sock]

    def status_cmd(self):
        return self._ctl() + ["status"]

    def ctl_cmd(self, verb, name):
        return self._ctl() + [verb, name]

    def api_rate(self, seconds, tcp=False):
        where = f"tcp:127.0.0.1:{self.port}" if tcp else self.sock
        out = subprocess.run(["java", "-XX:+UseSerialGC", os.path.join(BENCH, "ApiLoad.java"), where, "/services",
                              str(seconds)], capture_output=True, text=True, timeout=seconds + 60)
        if out.returncode != 0:
            raise RuntimeError(f"ApiLoad: {out.stderr.strip()}")
        return float(out.stdout.strip())

    def api_restarter(self, name):
        conn = UnixHTTPConnection(self.sock)

        def once():
            conn.request("POST", f"/services/{name}/restart?wait=true")
            r = conn.getresponse()
            body = r.read()
            if r.status != 200:
                raise RuntimeError(f"restart: {r.status} {body[:200]!r}")
        return once

    def api_stop(self, name):
        conn = UnixHTTPConnection(self.sock)
        conn.request("POST", f"/services/{name}/stop?wait=true")
        r = conn.getresponse()
        body = r.read()
        conn.close()
        if r.status != 200:
            raise RuntimeError(f"stop: {r.status} {body[:200]!r}")


class JsuperStamped(Jsuper):
    """jsuper with per-line timestamps (stdout_stream.time_format) in the log workload."""
    name = "jsuper (time_format)"
    time_format = "%Y-%m-%d %H:%M:%S"


class Supervisord(Target):
    name = "supervisord"
    force_group_kill = False

    def start(self, watchers, tcp=False):
        self.sock = os.path.join(self.tmp, "s.sock")
        conf = os.path.join(self.tmp, "supervisord.conf")
        os.makedirs(os.path.join(self.tmp, "logs"), exist_ok=True)
        with open(conf, "w") as f:
            f.write(f"[supervisord]\nnodaemon = true\nlogfile = {self.tmp}/supervisord.log\n"
                    f"pidfile = {self.tmp}/supervisord.pid\nchildlogdir = {self.tmp}/logs\nloglevel = warn\n"
                    f"minfds = 8192\n\n[unix_http_server]\nfile = {self.sock}\n\n"
                    f"[supervisorctl]\nserverurl = unix://{self.sock}\n\n[rpcinterface:supervisor]\n"
                    "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n")
            for w in watchers:
                f.write(f"\n[program:{w.name}]\ncommand = {shlex.join(w.cmd)}\nstartsecs = {w.startsecs}\n"
                        f"startretries = 1000000\nstopwaitsecs = {w.graceful_s:g}\n"
                        f"autorestart = {str(w.autorestart).lower()}\n")
                if w.numprocs != 1:
                    f.write(f"numprocs = {w.numprocs}\nprocess_name = %(program_name)s_%(process_num)s\n")
                f.write(f"stdout_logfile = {w.stdout or self.tmp + '/logs/%(program_name)s_%(process_num)s.out'}\n"
                        f"stderr_logfile = {self.tmp}/logs/%(program_name)s_%(process_num)s.err\n")
                if w.max_bytes:
                    f.write(f"stdout_logfile_maxbytes = {w.max_bytes}\n")
                if w.backups is not None:
                    f.write(f"stdout_logfile_backups = {w.backups}\n")
                if w.group_kill or self.force_group_kill:
                    f.write("stopasgroup = true\nkillasgroup = true\n")
        self.conf = conf
        self.proc = common.spawn(["supervisord", "-c", conf], os.path.join(self.tmp, "daemon.out"))
        return self.proc

    def status_cmd(self):
        return ["supervisorctl", "-c", self.conf, "status"]

    def ctl_cmd(self, verb, name):
        return ["supervisorctl", "-c", self.conf, verb, name]

    def _proxy(self):
        import xmlrpc.client
        from supervisor.xmlrpc import SupervisorTransport
        return xmlrpc.client.ServerProxy("http://127.0.0.1",
                                         transport=SupervisorTransport(None, None, f"unix://{self.sock}"))

    def api_rate(self, seconds, tcp=False):
        proxy = self._proxy()
        end = time.monotonic() + 0.5
        while time.monotonic() < end:  # warm-up, as ApiLoad does
            proxy.supervisor.getAllProcessInfo()
        n, t0 = 0, time.monotonic()
        end = t0 + seconds
        while time.monotonic() < end:
            proxy.supervisor.getAllProcessInfo()
            n += 1
        return n / (time.monotonic() - t0)

    def api_restarter(self, name):
        proxy = self._proxy()

        def once():  # supervisord's API has no restart: what supervisorctl restart does, on one connection
            proxy.supervisor.stopProcess(name, True)
            proxy.supervisor.startProcess(name, True)
        return once

    def api_stop(self, name):
        self._proxy().supervisor.stopProcess(name, True)


class SupervisordGroup(Supervisord):
    """supervisord with stopasgroup = true and killasgroup = true on every program."""
    name = "supervisord+group"
    force_group_kill = True


class Pm2(Target):
    """PM2 in an isolated PM2_HOME. Its daemon ("God") daemonizes itself, so it is found by its pid file."""
    name = "pm2"
    has_api = False
    has_logs = False  # rotation needs the pm2-logrotate module: not comparable, skipped

    def __init__(self, tmp):
        super().__init__(tmp)
        self.env = dict(os.environ, PM2_HOME=os.path.join(tmp, "pm2"))
        self.god = None

    @property
    def pid(self):
        return self.god

    def start(self, watchers, tcp=False):
        apps = []
        for w in watchers:
            for i in range(1, w.numprocs + 1):
                apps.append({"name": w.name if w.numprocs == 1 else f"{w.name}-{i}", "script": w.cmd[0],
                             "args": w.cmd[1:], "interpreter": "none", "exec_mode": "fork",
                             "autorestart": w.autorestart, "min_uptime": max(100, w.startsecs * 1000),  # PM2 7 refuses < 100 ms
                             "max_restarts": 1000000, "kill_timeout": int(w.graceful_s * 1000),
                             "out_file": w.stdout or os.path.join(self.tmp, "logs", f"{w.name}-{i}.out"),
                             "error_file": os.path.join(self.tmp, "logs", f"{w.name}-{i}.err")})
        eco = os.path.join(self.tmp, "ecosystem.json")
        with open(eco, "w") as f:
            json.dump({"apps": apps}, f)
        # `pm2 start` forks the daemon and exits; the daemon is tracked through its pid file
        cmd = ["pm2", "start", eco] if apps else ["pm2", "ping"]  # ping starts a daemon with nothing to run
        self.proc = common.spawn(cmd, os.path.join(self.tmp, "daemon.out"), env=self.env)
        pidfile = os.path.join(self.env["PM2_HOME"], "pm2.pid")
        def god_up():
            if self.proc.poll() not in (None, 0):
                with open(os.path.join(self.tmp, "daemon.out"), errors="replace") as f:
                    tail = " | ".join(f.read().strip().splitlines()[-3:])
                raise RuntimeError(f"`{' '.join(cmd[:2])}` failed (exit {self.proc.returncode}): {tail}")
            return os.path.exists(pidfile) and os.path.getsize(pidfile) > 0
        end = time.monotonic() + 60
        while not god_up():
            if time.monotonic() > end:
                raise RuntimeError("timed out waiting for PM2's pid file")
            time.sleep(0.01)
        with open(pidfile) as f:
            self.god = int(f.read().strip())
        common.remember_pid(self.god)
        return self.proc

    def wait_ready(self, timeout=60):
        self.proc.wait(timeout=timeout)
        super().wait_ready(timeout)

    def status_cmd(self):
        return ["pm2", "jlist"]

    def ctl_cmd(self, verb, name):
        return ["pm2", verb, name]

    def shutdown(self):
        if self.god:
            kids = common.descendants(self.god)
            subprocess.run(["pm2", "kill"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=60)
            for k in kids + [self.god]:
                if common.alive(k):
                    common._kill(k)
            common.forget_pid(self.god)
        common.terminate(self.proc)
        self.proc = None


def pm2_version():
    """From PM2's package.json next to its launcher: running `pm2` could start a daemon in ~/.pm2."""
    try:
        bin_ = os.path.realpath(shutil.which("pm2"))
        with open(os.path.join(os.path.dirname(os.path.dirname(bin_)), "package.json")) as f:
            return json.load(f)["version"]
    except (OSError, TypeError, KeyError, ValueError):
        return "unknown"


ANCHOR_HELP = {
    "supervisord": "apt-get install supervisor (and run the suite with Debian's /usr/bin/python3)",
    "pm2": "npm install -g pm2@7",
}


def available():
    """(targets to run, messages about anchors that are missing)."""
    out, missing = [Jsuper], []
    try:
        import supervisor.xmlrpc  # noqa: F401
        ok = bool(shutil.which("supervisord") and shutil.which("supervisorctl"))
    except ImportError:
        ok = False
    if ok:
        out.append(Supervisord)
    else:
        missing.append(f"supervisord not usable (binary or python module missing): skipped; install: {ANCHOR_HELP['supervisord']}")
    if shutil.which("pm2"):
        out.append(Pm2)
    else:
        missing.append(f"pm2 not on PATH: skipped; install: {ANCHOR_HELP['pm2']}")
    return out, missing
