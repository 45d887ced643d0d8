"""Workload 7: reading logs through jsuper's API (jsuper only: the others have no such endpoint).

- tail: `GET /services/tailw/log?lines=100` on a stream with 10 backups of 50 MB, half of them gzipped
  (the tail is in the current file, as in real use; the answer must hold 100 lines).
- grep: `GET /services/grepw/log?grep=NEEDLE&lines=10` through 1 GiB of plain backups, the one match in the
  oldest file (so every byte is searched).
The files are written before jsuperd starts (its watchers run `sleep`, so nothing rotates meanwhile).
"""
import json
import os
import shutil
import subprocess
import time

from . import common
from .common import SLEEP
from .targets import UnixHTTPConnection, Watcher

LINE = 100
NEEDLE = b"rare-needle-7f3a"


def _block(size, start):
    """size bytes of 100-byte numbered lines, numbered from start."""
    filler = bytes(ord("a") + i % 26 for i in range(LINE - 18))
    n = size // LINE
    return b"".join(b"%016d %s\n" % (start + i, filler) for i in range(n))


def _write_set(path, files, size, gzip_every_other, needle_in_oldest=False):
    """path.1 .. path.N (N oldest) of size bytes each, and a small current file."""
    seq = 1
    for i in range(files, 0, -1):
        data = _block(size, seq)
        seq += size // LINE
        if needle_in_oldest and i == files:
            data = data[:LINE * 10] + NEEDLE + data[LINE * 10 + len(NEEDLE):]
        name = f"{path}.{i}"
        with open(name, "wb") as f:
            f.write(data)
        if gzip_every_other and i % 2 == 0:
            subprocess.run(["gzip", "-1", name], check=True)
    with open(path, "wb") as f:
        f.write(_block(1000 * LINE, seq))


def _get(conn, path):
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        raise RuntimeError(f"GET {path}: {r.status} {body[:200]!r}")
    return json.loads(body)


def logread(cls, cfg):
    tmp = common.make_tmp("lr")
    t = None
    try:
        tail_file = os.path.join(tmp, "out", "tail.log")
        grep_file = os.path.join(tmp, "out", "grep.log")
        os.makedirs(os.path.dirname(tail_file))
        _write_set(tail_file, 10, cfg.logread_file_bytes, True)
        _write_set(grep_file, cfg.grep_bytes // cfg.logread_file_bytes, cfg.logread_file_bytes, False, True)
        ws = [Watcher(n, [SLEEP, "100000"], stdout=f, max_bytes="2GB", backups=100)
              for n, f in (("tailw", tail_file), ("grepw", grep_file))]
        t = cls(os.path.join(tmp, "d"))
        os.makedirs(t.tmp)
        t.start(ws)
        t.wait_ready()
        conn = UnixHTTPConnection(t.sock)
        tails = []
        for i in range(cfg.logread_tails + 3):
            t0 = time.monotonic()
            lines = _get(conn, "/services/tailw/log?lines=100")["lines"]
            if i >= 3:  # warm-up first
                tails.append((time.monotonic() - t0) * 1000)
            if len(lines) != 100:
                raise RuntimeError(f"tail answered {len(lines)} lines")
        greps = []
        for _ in range(cfg.logread_greps):
            t0 = time.monotonic()
            body = _get(conn, "/services/grepw/log?grep=" + NEEDLE.decode() + "&lines=10")
            greps.append(time.monotonic() - t0)
            if len(body["lines"]) != 1 or not body.get("complete", True):
                raise RuntimeError(f"grep answer: {str(body)[:300]}")
        conn.close()
        return {"tail -n 100 ms (10 x 50 MB, half gzipped)": tails,
                "grep 1 GiB plain s": greps}
    finally:
        if t:
            t.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
