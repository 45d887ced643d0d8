"""Shared helpers: paths, /proc readings, waiting, timing, process bookkeeping and clean-up.

Every process the suite starts is registered here (by pid) and killed at the end, on error and on
Ctrl-C: first the daemon gets SIGTERM, then whatever is left of its process tree gets SIGKILL by pid
and process group. Nothing is ever looked up or killed by name.
"""
import os
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, "bench")
DIST = os.path.join(ROOT, "packaging", "target", "jsuper")
SLEEP = os.path.realpath(shutil.which("sleep") or "/bin/sleep")
TICK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- /proc


def children(pid):
    """Direct children of pid (all threads)."""
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    out.extend(int(x) for x in f.read().split())
            except OSError:
                pass
    except OSError:
        pass
    return out


def descendants(pid):
    out, todo = [], [pid]
    while todo:
        for c in children(todo.pop()):
            out.append(c)
            todo.append(c)
    return out


def exe(pid):
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return None


def execd_children(pid, path):
    """Children of pid whose executable is now `path` (so exec has happened)."""
    return {c for c in children(pid) if exe(c) == path}


def child_files(pid):
    """The /proc children files of the daemon's threads that have spawned something (cheap to poll)."""
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            path = f"/proc/{pid}/task/{tid}/children"
            try:
                with open(path) as f:
                    if f.read().strip():
                        out.append(path)
            except OSError:
                pass
    except OSError:
        pass
    return out


def new_execd_child(files, before, path):
    """True once a child listed in `files` that was not in `before` has exec'd `path`."""
    for fn in files:
        try:
            with open(fn) as f:
                for c in f.read().split():
                    c = int(c)
                    if c not in before and exe(c) == path:
                        return True
        except OSError:
            pass
    return False


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid):
    """utime + stime of pid (all its threads), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def alive(pid):
    """True if pid exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# ---------------------------------------------------------------- waiting and timing


def wait_for(cond, timeout, pause=0.01, what="condition"):
    """Poll cond() until it is true; raise after timeout seconds. Exceptions in cond() count as false."""
    end = time.monotonic() + timeout
    while True:
        try:
            if cond():
                return
        except Exception:  # noqa: BLE001 - e.g. the daemon's socket is not there yet
            pass
        if time.monotonic() > end:
            raise RuntimeError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(pause)


def timed_ms(fn, n, between=None):
    """Run fn n times, return the wall times in ms; between() (untimed) runs after each call."""
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
        if between:
            between()
    return out


def run_checked(cmd, ok=(0,), env=None):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    if r.returncode not in ok:
        raise RuntimeError(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr.decode(errors='replace').strip()}")
    return r.stdout.decode(errors="replace")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def summary(values):
    """(min, median, max) of a list of numbers."""
    return min(values), statistics.median(values), max(values)


# ---------------------------------------------------------------- processes the suite started

_started = {}  # pid -> Popen
_stray_pids = set()  # other pids to kill at the end (e.g. grandchildren left behind by a workload)


def spawn(cmd, log, env=None, stdin=None, stdout=None):
    """Start a process in its own session (so a terminal's Ctrl-C reaches only the suite), registered for clean-up."""
    p = subprocess.Popen(cmd, stdin=stdin, stdout=stdout if stdout is not None else open(log, "ab"),
                         stderr=subprocess.STDOUT if stdout is None else open(log, "ab"),
                         env=env, start_new_session=True)
    _started[p.pid] = p
    return p


def remember_pid(pid):
    """Kill pid at the end unless forget_pid() says it is gone (a grandchild a workload may leave behind)."""
    _stray_pids.add(pid)


def forget_pid(pid):
    _stray_pids.discard(pid)


def _kill(pid):
    for fn in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            fn()
        except OSError:
            pass


def terminate(p, timeout=30):
    """SIGTERM the process p, wait, then SIGKILL it and every descendant it had, by pid and process group."""
    if p is None:
        return
    kids = descendants(p.pid)
    if p.poll() is None:
        try:
            p.send_signal(signal.SIGTERM)
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
    if p.poll() is None:  # never signal a pid that was already reaped: it may belong to someone else by now
        kids += [k for k in descendants(p.pid) if k not in kids]
        _kill(p.pid)
        p.wait()
    for k in kids:
        if alive(k):
            _kill(k)
    _started.pop(p.pid, None)


def cleanup_all():
    for p in list(_started.values()):
        terminate(p, timeout=10)
    for pid in list(_stray_pids):
        if alive(pid):
            _kill(pid)
    _stray_pids.clear()


def make_tmp(prefix):
    # short names: unix socket paths are limited to 107 bytes
    return tempfile.mkdtemp(prefix=f"jsb-{prefix}-", dir="/tmp")


def write_result(kind, title, detail, text):
    """Writes bench/results/KIND-STAMP.md (title, the command line, DETAIL, then TEXT) and prints its path."""
    import datetime
    import sys
    stamp = datetime.datetime.now().strftime("%Y-%m-%d-%H%M")
    path = os.path.join(BENCH, "results", f"{kind}-{stamp}.md")
    with open(path, "w") as f:
        f.write(f"# {title}, {stamp}\n\n`bench/{os.path.basename(sys.argv[0])} {' '.join(sys.argv[1:])}`"
                f" ({detail}; host load {os.getloadavg()[0]:.1f})\n\n{text}\n")
    print(f"\nwritten: {path}")
    return path
