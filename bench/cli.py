#!/usr/bin/python3
"""The client's speed: one-shot `jsuperctl status` against `supervisorctl status`, and the interactive
shell's time to its first prompt.

  bench/cli.py [--watchers 10] [--rounds 15] [--no-results]

Both daemons run the same --watchers `sleep` watchers (supervisord only when it is installed: Debian's
`supervisor`). Each client runs --rounds times after one untimed warm-up; medians are compared with the
targets of issue 15: jsuperctl status <= 100 ms and >= 1.5x faster than supervisorctl status in the same
run; the shell's first prompt (jsuperctl with no command on a pseudo-terminal, greeting included: it asks
the daemon for its version and services) within 400 ms. The table goes to stdout and, unless
--no-results, to bench/results/cli-YYYY-MM-DD-HHMM.md.

Like bench/run it needs a quiet machine; a smoke test is `bench/cli.py --rounds 2 --no-results`.
"""
import argparse
import datetime
import fcntl
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import termios
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchlib import common, targets  # noqa: E402

PROMPT = b"(jsuperctl) "


def oneshot_ms(cmd, env, rounds):
    def once():
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        if r.returncode not in (0, 3):
            raise SystemExit(f"{cmd} exited {r.returncode}")
    once()  # warm the page cache and the AppCDS archive mapping
    return common.timed_ms(once, rounds)


def first_prompt_ms(cmd, env, timeout=30):
    """Launch cmd on a new pseudo-terminal; ms until the prompt is printed. The shell then gets Ctrl-D."""
    pid, fd = pty.fork()
    if pid == 0:
        # a new pty is 0x0, and JLine shortens its prompt to fit: give it the usual 80x24
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execvpe(cmd[0], cmd, env)
    common.remember_pid(pid)
    start = time.perf_counter()
    seen = b""
    try:
        while PROMPT not in seen:
            if time.perf_counter() - start > timeout:
                raise SystemExit(f"no prompt within {timeout} s; the terminal showed: {seen[-400:]!r}")
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(fd, 4096)
                except OSError:
                    raise SystemExit(f"the shell ended before its prompt: {seen[-400:]!r}")
        elapsed = (time.perf_counter() - start) * 1000
        os.write(fd, b"\x04")
        common.wait_for(lambda: os.waitpid(pid, os.WNOHANG)[0] == pid, 20, what="the shell to leave on Ctrl-D")
        common.forget_pid(pid)
        return elapsed
    finally:
        os.close(fd)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--watchers", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--no-results", action="store_true")
    a = ap.parse_args()
    watchers = [targets.Watcher(f"w{i}", [common.SLEEP, "100000"]) for i in range(a.watchers)]
    rows = []
    env = dict(os.environ, XDG_STATE_HOME=common.make_tmp("clistate"), TERM=os.environ.get("TERM", "xterm"))
    try:
        js = targets.Jsuper(common.make_tmp("cli"))
        js.start(watchers)
        js.wait_ready()
        status = oneshot_ms(js.status_cmd(), env, a.rounds)
        rows.append(("jsuperctl status", common.summary(status)))
        prompt = [first_prompt_ms(js._ctl(), env) for _ in range(a.rounds)]
        rows.append(("jsuperctl shell: first prompt", common.summary(prompt)))
        js.shutdown()
        sup = None
        if shutil.which("supervisord") and shutil.which("supervisorctl"):
            sup = targets.Supervisord(common.make_tmp("clisup"))
            sup.start(watchers)
            sup.wait_ready()
            rows.append(("supervisorctl status", common.summary(oneshot_ms(sup.status_cmd(), sup.env, a.rounds))))
            sup.shutdown()
    finally:
        common.cleanup_all()
    report(rows, a)


def report(rows, a):
    lines = [f"# jsuperctl speed, {datetime.datetime.now():%Y-%m-%d %H:%M} ({a.watchers} watchers, {a.rounds} rounds)", "",
             "| client | min ms | median ms | max ms |", "|---|---|---|---|"]
    lines += [f"| {name} | {lo:.0f} | {med:.0f} | {hi:.0f} |" for name, (lo, med, hi) in rows]
    med = {name: m for name, (_, m, _) in rows}
    js = med["jsuperctl status"]
    checks = [f"jsuperctl status median {js:.0f} ms <= 100 ms: {'yes' if js <= 100 else 'NO'}",
              f"first prompt median {med['jsuperctl shell: first prompt']:.0f} ms <= 400 ms: "
              f"{'yes' if med['jsuperctl shell: first prompt'] <= 400 else 'NO'}"]
    if "supervisorctl status" in med:
        ratio = med["supervisorctl status"] / js
        checks.append(f"supervisorctl / jsuperctl = {ratio:.2f} >= 1.5: {'yes' if ratio >= 1.5 else 'NO'}")
    else:
        checks.append("supervisorctl not installed (apt-get install supervisor): no comparison")
    text = "\n".join(lines + [""] + [f"- {c}" for c in checks]) + "\n"
    print(text)
    if not a.no_results:
        out = os.path.join(common.BENCH, "results", f"cli-{datetime.datetime.now():%Y-%m-%d-%H%M}.md")
        with open(out, "w") as f:
            f.write(text)
        print(f"written: {out}")


if __name__ == "__main__":
    main()
