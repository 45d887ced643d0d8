"""The workloads. Each one runs one round against one target and returns {metric: [samples]}.

The same watcher descriptions go to every target. Latencies return every sample (pooled over rounds in
the report); one-shot figures (bring-up, RSS, rates) return one sample per round.
"""
import os
import shutil
import signal
import subprocess
import time

from . import common
from .common import SLEEP
from .targets import Jsuper, Watcher

WATCHERS = 10


class Settings:
    def __init__(self, quick):
        self.quick = quick
        self.rounds = 1 if quick else 3
        self.cli_runs = 10 if quick else 30        # status CLI calls per round
        self.api_seconds = 1 if quick else 3       # API load per round
        self.restarts = 5 if quick else 15         # restarts per round, CLI and API each
        self.sizes = (100, 1000)                   # bring-up / RSS with N children
        self.settle = 2 if quick else 5            # pause after bring-up before RSS / idle CPU
        self.idle_window = 5 if quick else 30
        self.respawns = 5 if quick else 20         # per round (distinct children)
        self.log_bytes = (256 if quick else 1024) << 20
        self.stop_samples = 2 if quick else 4      # per round, alternating CLI and API
        self.logread_file_bytes = (10 if quick else 50) * 1000 * 1000  # per rotated file of the log-read workload
        self.grep_bytes = (256 if quick else 1024) << 20
        self.logread_tails = 10 if quick else 30
        self.logread_greps = 2 if quick else 3
        self.stop_graceful = 2
        self.monitored = 1000                      # processes with a check / on /metrics
        self.probe_window = 10 if quick else 30    # CPU window with and without checks
        self.scrapes = 10 if quick else 40         # /metrics scrapes measured (after 5 warm-up ones)

    def describe(self):
        return {
            "control": f"{WATCHERS} watchers of `sleep`; {self.cli_runs} CLI calls per round; API: one keep-alive "
            f"connection for {self.api_seconds} s per round after 0.5 s warm-up (jsuper `GET /services` with "
            f"bench/ApiLoad.java, unix socket and TCP on 127.0.0.1; supervisord XML-RPC "
            f"`supervisor.getAllProcessInfo` with its Python client on its unix socket); "
            f"{self.restarts} restarts of one `sleep` (startsecs = 0) per round via CLI and via API "
            f"(jsuper `POST /services/w1/restart?wait=true`; supervisord `stopProcess` + `startProcess` with "
            f"wait), waiting untimed for the new child to exec before the next one",
            "scale": f"N = {', '.join(map(str, self.sizes))} `sleep` children, from daemon launch until all have "
            f"exec'd; RSS after {self.settle} s settling with 0 and N children; idle CPU over {self.idle_window} s "
            f"with {max(self.sizes)}; {self.respawns} `kill -9` of distinct children per round among {max(self.sizes)}, until the "
            f"replacement has exec'd `sleep`",
            "logs": f"one child writes {self.log_bytes >> 20} MiB of 100-byte sequence-numbered lines (64 KiB "
            f"writes) to stdout; rotation 50 MB x 10 backups (jsuper `stdout_stream.max_bytes = 50MB`, "
            f"`backup_count = 10`; supervisord `stdout_logfile_maxbytes = 50MB`, `stdout_logfile_backups = 10`); "
            f"`writer | cat > file` as the physical reference",
            "logread": f"jsuper only: `GET /services/NAME/log?lines=100` ({self.logread_tails} per round) on a "
            f"stream with 10 backups of {self.logread_file_bytes // 10**6} MB, half gzipped; `grep` of a string found once, in "
            f"the oldest of {self.grep_bytes >> 20} MiB of plain backups ({self.logread_greps} per round); the "
            f"log workload's `jsuper (time_format)` row is jsuper with `stdout_stream.time_format = %Y-%m-%d %H:%M:%S` "
            f"(target <= 1 CPU-s/GiB)",
            "stop": f"{self.stop_samples} stop(s) per round of a `sh` that ignores SIGTERM and SIGINT and has a "
            f"`sleep` grandchild, graceful timeout {self.stop_graceful} s (jsuper `graceful_timeout`, supervisord "
            f"`stopwaitsecs`, PM2 `kill_timeout`), alternately through the CLI and (where there is one) the API",
            "monitoring": f"{self.monitored} `sleep` processes; daemon CPU over {self.probe_window} s with "
            f"`liveness = tcp` to a local accepting socket every 1 s (timeout 1 s) minus the same without checks; "
            f"{self.scrapes} `GET /metrics` over the unix socket (5 warm-up first) on the daemon without checks, "
            f"the daemon under `chrt -f 10` (client at normal priority): "
            f"latency per scrape, and its CPU per scrape as % of a core at one scrape per 15 s",
        }


def _up(t, n, path=SLEEP):
    return len(common.children(t.pid)) >= n and len(common.execd_children(t.pid, path)) >= n


def _settle_children(t, n, path=SLEEP):
    """Untimed: wait until n children have exec'd (after a restart), then a short pause."""
    common.wait_for(lambda: _up(t, n, path), 30, pause=0.005, what=f"{t.name}: {n} children up")
    time.sleep(0.02)


# ---------------------------------------------------------------- 1 + 2: status round trip, restart latency


def control(cls, cfg):
    t = cls(common.make_tmp(cls.name))
    res = {}
    try:
        t.start([Watcher(f"w{i}", [SLEEP, "100000"], graceful_s=5) for i in range(1, WATCHERS + 1)],
                tcp=issubclass(cls, Jsuper))
        t.wait_ready()
        _settle_children(t, WATCHERS)
        res["status CLI ms"] = common.timed_ms(
            lambda: common.run_checked(t.status_cmd(), env=t.env), cfg.cli_runs)
        if t.has_api:
            res["API calls/s (unix socket)"] = [t.api_rate(cfg.api_seconds)]
        if issubclass(cls, Jsuper):
            res["API calls/s (TCP)"] = [t.api_rate(cfg.api_seconds, tcp=True)]
        settle = lambda: _settle_children(t, WATCHERS)  # noqa: E731
        res["restart CLI ms"] = common.timed_ms(lambda: t.ctl("restart", "w1"), cfg.restarts, between=settle)
        if t.has_api:
            res["restart API ms"] = common.timed_ms(t.api_restarter("w1"), cfg.restarts, between=settle)
    finally:
        t.shutdown()
        shutil.rmtree(t.tmp, ignore_errors=True)
    return res


# ---------------------------------------------------------------- 3 + 4: bring-up, RSS, idle CPU, respawn


def _daemon_with(cls, n, cfg, res, last):
    t = cls(common.make_tmp(cls.name))
    try:
        t0 = time.monotonic()
        t.start([Watcher("sleep", [SLEEP, "100000"], numprocs=n)] if n else [])
        if n:
            common.wait_for(lambda: _up(t, n), 180, pause=0.01, what=f"{cls.name}: {n} children up")
            res[f"bring-up {n} s"] = [time.monotonic() - t0]
        else:
            t.wait_ready()
        time.sleep(cfg.settle)  # let start-up work (JIT, GC, logging) settle before the idle figures
        res[f"RSS {n} children MiB"] = [common.rss_mib(t.pid)]
        if last:
            c0, w0 = common.cpu_seconds(t.pid), time.monotonic()
            time.sleep(cfg.idle_window)
            res[f"idle CPU {n} children %"] = [100 * (common.cpu_seconds(t.pid) - c0) / (time.monotonic() - w0)]
            lat = []
            victims = sorted(common.execd_children(t.pid, SLEEP))[:cfg.respawns]
            files = common.child_files(t.pid)
            for v in victims:
                before = set(common.children(t.pid))
                t1 = time.perf_counter()
                os.kill(v, signal.SIGKILL)

                def respawned():
                    if common.new_execd_child(files, before, SLEEP):
                        return True
                    if time.perf_counter() - t1 > 0.1:  # the daemon may spawn from another thread now: re-list
                        files[:] = common.child_files(t.pid)
                    return False
                common.wait_for(respawned, 30, pause=0, what=f"{cls.name}: respawn after killing {v}")
                lat.append((time.perf_counter() - t1) * 1000)
                time.sleep(0.05)
            res["respawn ms"] = lat
    finally:
        t.shutdown()
        shutil.rmtree(t.tmp, ignore_errors=True)


def scale(cls, cfg):
    res = {}
    _daemon_with(cls, 0, cfg, res, False)
    for n in cfg.sizes:
        _daemon_with(cls, n, cfg, res, n == max(cfg.sizes))
    return res


# ---------------------------------------------------------------- 5: log capture

LINE = 100


class CatReference:
    """`seqlog write | cat > file`: the physical reference row of the log workload."""
    name = "cat (reference)"


def _wait_last_line(path, expected_last, timeout, stamped=False):
    want = b"%016d " % expected_last

    def done():
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            if f.tell() < LINE:
                return False
            if stamped:  # "TIME [PID] | " before the line: look at the last line's end
                f.seek(-min(f.tell(), 2 * LINE), os.SEEK_END)
                return f.read().rstrip(b"\n").rsplit(b"\n", 1)[-1].split(b" | ", 1)[-1].startswith(want)
            f.seek(-LINE, os.SEEK_END)
            return f.read(LINE).startswith(want)
    common.wait_for(done, timeout, pause=0.005, what=f"the last line in {path}")


def logs(cls, cfg, seqlog):
    tmp = common.make_tmp("log")
    lines = cfg.log_bytes // LINE
    go = os.path.join(tmp, "go")
    out = os.path.join(tmp, "out", "writer.log")
    os.makedirs(os.path.dirname(out))
    t = None
    procs = []
    timeout = 300
    try:
        if cls is CatReference:
            env = dict(os.environ, SEQLOG_EXIT="1")
            w = common.spawn([seqlog, "write", str(cfg.log_bytes), go], os.path.join(tmp, "w.err"), env=env,
                             stdout=subprocess.PIPE)
            c = common.spawn(["cat"], os.path.join(tmp, "c.err"), stdin=w.stdout, stdout=open(out, "wb"))
            w.stdout.close()
            procs = [w, c]
            files, cpu_pid = [out], c.pid
            common.wait_for(lambda: common.exe(w.pid) == os.path.realpath(seqlog), 10, what="writer")
        else:
            wat = Watcher("writer", [seqlog, "write", str(cfg.log_bytes), go], autorestart=False, stdout=out,
                          max_bytes="50MB", backups=10, graceful_s=5, time_format=getattr(cls, "time_format", None))
            t = cls(os.path.join(tmp, "d"))
            os.makedirs(t.tmp)
            t.start([wat])
            t.wait_ready()
            common.wait_for(lambda: _up(t, 1, os.path.realpath(seqlog)), 30, what=f"{cls.name}: writer up")
            files, cpu_pid = t.log_files(wat), t.pid
        time.sleep(1)
        c0 = common.cpu_seconds(cpu_pid)
        t0 = time.monotonic()
        open(go, "w").close()
        stamped = getattr(cls, "time_format", None) is not None
        _wait_last_line(out, lines, timeout, stamped)
        elapsed = time.monotonic() - t0
        cpu = common.cpu_seconds(cpu_pid) - c0
        env = dict(os.environ, SEQLOG_PREFIXED="1") if stamped else None
        check = subprocess.run([seqlog, "check", str(lines)] + files, capture_output=True, text=True, check=True,
                               env=env)
        r = dict(kv.split("=") for kv in check.stdout.split())
        return {"throughput MiB/s": [cfg.log_bytes / 2**20 / elapsed],
                "daemon CPU-s per GiB": [cpu / (cfg.log_bytes / 2**30)],
                "lines lost (in retained files)": [int(r["gaps"])],
                "bad lines (split, duplicate, out of order)": [int(r["bad"])],
                "lines retained": [int(r["lines"])]}
    finally:
        if t:
            t.shutdown()
        for p in procs:
            common.terminate(p, timeout=5)
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------- 6: stop of a TERM-ignoring child with a grandchild

STOPPER = """trap '' TERM INT
{sleep} 100000 &
echo $! > {gcfile}.tmp
mv {gcfile}.tmp {gcfile}
wait
"""


def stop(cls, cfg):
    tmp = common.make_tmp(cls.name)
    gcfile = os.path.join(tmp, "grandchild.pid")
    script = os.path.join(tmp, "stopper.sh")
    with open(script, "w") as f:
        f.write(STOPPER.format(sleep=SLEEP, gcfile=gcfile))
    t = cls(os.path.join(tmp, "d"))
    os.makedirs(t.tmp)
    res = {"stop CLI s": [], "grandchildren left": []}
    if t.has_api:
        res["stop API s"] = []
    try:
        t.start([Watcher("stopper", ["/bin/sh", script], graceful_s=cfg.stop_graceful, autorestart=True)])
        t.wait_ready()
        for i in range(cfg.stop_samples):
            if i:
                t.ctl("start", "stopper")
            common.wait_for(lambda: os.path.exists(gcfile), 30, what=f"{cls.name}: the grandchild")
            with open(gcfile) as f:
                gc = int(f.read())
            os.unlink(gcfile)
            common.remember_pid(gc)
            common.wait_for(lambda: common.exe(gc) == SLEEP, 10, what="the grandchild's exec")
            via_api = t.has_api and i % 2 == 1  # alternate: the CLI adds its own start-up time
            t1 = time.perf_counter()
            if via_api:
                t.api_stop("stopper")
            else:
                t.ctl("stop", "stopper")
            res["stop API s" if via_api else "stop CLI s"].append(time.perf_counter() - t1)
            time.sleep(0.2)  # a group SIGKILL is asynchronous: give the kernel a moment before counting
            left = common.alive(gc)
            res["grandchildren left"].append(int(left))
            if left:
                os.kill(gc, signal.SIGKILL)
                common.wait_for(lambda: not common.alive(gc), 10, what=f"grandchild {gc} to die")
            common.forget_pid(gc)
    finally:
        t.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    return res


# ---------------------------------------------------------------- 7: health checks and /metrics


def _accepting_socket():
    """A loopback listener that accepts and closes at once, on a thread: the target of 1000 tcp checks a second."""
    import socket as _socket
    import threading
    srv = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
    srv.setsockopt(_socket.SOL_SOCKET, _socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(4096)

    def loop():
        while True:
            try:
                c, _ = srv.accept()
                c.close()
            except OSError:
                return
    threading.Thread(target=loop, daemon=True).start()
    return srv


def _cpu_percent(t, window):
    c0, w0 = common.cpu_seconds(t.pid), time.monotonic()
    time.sleep(window)
    return 100 * (common.cpu_seconds(t.pid) - c0) / (time.monotonic() - w0)


def _monitored_daemon(cls, cfg, extra):
    t = cls(common.make_tmp(cls.name))
    t.start([Watcher("svc", [SLEEP, "100000"], numprocs=cfg.monitored, jsuper_extra=extra)])
    common.wait_for(lambda: _up(t, cfg.monitored), 180, pause=0.01, what=f"{cls.name}: {cfg.monitored} children up")
    time.sleep(cfg.settle)
    return t


def monitoring(cls, cfg):
    res = {}
    srv = _accepting_socket()
    port = srv.getsockname()[1]
    try:
        t = _monitored_daemon(cls, cfg, None)
        try:
            idle = _cpu_percent(t, cfg.probe_window)
            # the latency is the daemon's, not the rest of the machine's: daemon real-time, client not
            subprocess.run(["chrt", "-f", "-a", "-p", "10", str(t.pid)], check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(5):
                t.get("/metrics")
            lat = []
            c0 = common.cpu_seconds(t.pid)
            for _ in range(cfg.scrapes):
                t1 = time.perf_counter()
                t.get("/metrics")
                lat.append((time.perf_counter() - t1) * 1000)
                time.sleep(0.05)
            per_scrape = (common.cpu_seconds(t.pid) - c0) / cfg.scrapes
            res["/metrics ms 1000 processes"] = lat
            res["/metrics CPU % at 15 s scrapes"] = [100 * per_scrape / 15]
        finally:
            t.shutdown()
            shutil.rmtree(t.tmp, ignore_errors=True)
        t = _monitored_daemon(cls, cfg, f"liveness = tcp 127.0.0.1:{port}\nliveness.interval = 1s\n"
                                       "liveness.timeout = 1s\nliveness.failure_threshold = 1000\n")
        try:
            res["probe CPU 1000 processes % of a core"] = [max(0.0, _cpu_percent(t, cfg.probe_window) - idle)]
        finally:
            t.shutdown()
            shutil.rmtree(t.tmp, ignore_errors=True)
    finally:
        srv.close()
    return res
