"""An older jsuper build as an extra target: `bench/run --baseline REF`.

Regressions against an earlier stop can only be judged honestly in the same run on the same machine:
figures from another day or machine differ by more than the changes they should show. So the suite
builds REF's distribution once (a detached `git worktree` built offline, then removed), keeps the dist
in bench/.baseline/<sha>/jsuper (ignored by git) and runs it as one more target next to the current build.
"""
import os
import shutil
import statistics
import subprocess

from . import common
from .targets import Jsuper, Watcher

DEFAULT_REF = "a62cf59"  # the last commit before issue 8's core rework ("stop 6")
CACHE = os.path.join(common.BENCH, ".baseline")
MIN_TOLERANCE = 0.10  # the floor of the regression tolerance: below this, run-to-run drift dominates


def _git(*args):
    r = subprocess.run(["git", "-C", common.ROOT, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout.strip()


def _tail(path, n=15):
    with open(path, errors="replace") as f:
        return "\n".join(f.read().splitlines()[-n:])


def build(ref):
    """The dist of commit ref (built on the first use, then taken from the cache): (full sha, dist dir)."""
    try:
        sha = _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except RuntimeError:
        raise RuntimeError(f"{ref!r} is not a commit of {common.ROOT} (give a sha, tag or branch git knows)") from None
    home = os.path.join(CACHE, sha)
    dist, done = os.path.join(home, "jsuper"), os.path.join(home, "complete")
    if os.path.exists(done):
        with open(done) as f:
            if f.read() != dist:  # the cache was copied or moved: its AppCDS archives name the old path
                _write_cds(dist, os.path.join(home, "build.log"), done)
        return sha, dist
    os.makedirs(home, exist_ok=True)
    src, log = os.path.join(home, "src"), os.path.join(home, "build.log")
    print(f"baseline: building {ref} ({sha[:7]}) into {dist} (once; log {log}) ...", flush=True)
    if os.path.exists(src):  # left by an interrupted build
        subprocess.run(["git", "-C", common.ROOT, "worktree", "remove", "--force", src], capture_output=True)
        shutil.rmtree(src, ignore_errors=True)
    _git("worktree", "add", "--detach", src, sha)
    try:
        with open(log, "w") as out:
            r = subprocess.run(["mvn", "-B", "-o", "-q", "package", "-DskipTests"], cwd=src, stdout=out,
                               stderr=subprocess.STDOUT)
        built = os.path.join(src, "packaging", "target", "jsuper")
        if r.returncode != 0 or not os.path.exists(os.path.join(built, "bin", "jsuperd")):
            raise RuntimeError(f"baseline {ref} ({sha[:7]}) does not build offline (mvn exit {r.returncode}); "
                               f"last lines of {log}:\n{_tail(log)}")
        shutil.rmtree(dist, ignore_errors=True)
        shutil.copytree(built, dist, symlinks=True)
    finally:
        subprocess.run(["git", "-C", common.ROOT, "worktree", "remove", "--force", src], capture_output=True)
        shutil.rmtree(src, ignore_errors=True)
    _write_cds(dist, log, done)
    return sha, dist


def _write_cds(dist, log, done):
    """Java 17's AppCDS archives hold the absolute jar paths: rewrite them for the dist's place, then mark
    the cache complete with that place (written last: an interrupted build is redone next time)."""
    cds = os.path.join(dist, "libexec", "jsuper-cds")
    if os.path.exists(cds):
        with open(log, "a") as out:
            subprocess.run([cds], stdout=out, stderr=subprocess.STDOUT, check=False)
    with open(done, "w") as f:
        f.write(dist)


def target(ref):
    """A Jsuper target class running REF's build, named jsuper@<short sha>, checked to accept our configs."""
    sha, dist = build(ref)
    cls = type("JsuperBaseline", (Jsuper,), {"name": f"jsuper@{sha[:7]}", "dist": dist, "sha": sha,
                                             "__doc__": f"jsuper built from {sha} (bench/run --baseline)."})
    accepts_configs(cls)
    return cls


def accepts_configs(cls):
    """Starts the old build once on a config with every option the control and scale workloads write
    (TCP listener, several watchers, numprocesses > 1): an older config format fails here, with the daemon's
    own words, instead of as a 180 s time-out in the middle of the run."""
    t = cls(common.make_tmp("baseline-check"))
    try:
        t.start([Watcher("w1", [common.SLEEP, "100000"]), Watcher("sleep", [common.SLEEP, "100000"], numprocs=2)],
                tcp=True)
        common.wait_for(lambda: t.proc.poll() is not None or subprocess.run(
            t.status_cmd(), capture_output=True).returncode in (0, 3), 60, pause=0.05, what=f"{cls.name} to start")
        if t.proc.poll() is not None:
            raise RuntimeError(f"{cls.name} refused the suite's config (exit {t.proc.returncode}): "
                               + _tail(os.path.join(t.tmp, "daemon.out"), 5))
        t.get("/services")
        t.api_restarter("w1")()
    finally:
        t.shutdown()
        shutil.rmtree(t.tmp, ignore_errors=True)


# ---------------------------------------------------------------- the regression verdict


def round_spread(medians):
    """Relative spread of per-round medians, (max - min) / median; None with fewer than two rounds."""
    if len(medians) < 2:
        return None
    mid = statistics.median(medians)
    return (max(medians) - min(medians)) / mid if mid else None


def verdict(cur, base, better, cur_rounds, base_rounds):
    """(text, is_regression) comparing the current build's median with the baseline's.

    worse = how much the current median is worse than the baseline's (times: cur / base - 1; rates:
    base / cur - 1). The tolerance is the larger of 10 % and the run-to-run spread of either build's
    per-round medians: a difference inside what the same build varies between rounds is not a finding.
    """
    if not base or not cur:
        return "n/a", False
    worse = (cur / base if better == "low" else base / cur) - 1
    spreads = [s for s in (round_spread(cur_rounds), round_spread(base_rounds)) if s is not None]
    tol = max([MIN_TOLERANCE] + spreads)
    tol_text = f"tolerance {tol:.0%}" + ("" if spreads else ", 1 round")
    change = f"{abs(worse):.0%} {'worse' if worse > 0 else 'better'}"
    if worse > tol:
        return f"**regression**: {change} ({tol_text})", True
    return f"{'better' if worse < -tol else 'same'}: {change} ({tol_text})", False
