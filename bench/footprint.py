#!/usr/bin/python3
"""Where jsuperd's idle memory goes, one JVM lever at a time, against supervisord in the same run.

  bench/footprint.py [--children 0,1000] [--settle 8] [--rounds 1] [--steps NAME,...] [--extra NAME=FLAGS]
                     [--api-calls N] [--dist DIR] [--no-supervisord] [--nmt] [--no-results]

Each step starts the built daemon (packaging/target/jsuper/bin/jsuperd, so the launcher's own flags
apply) with that step's extra JVM flags (JSUPERD_JAVA_OPTS, after the launcher's, so they win) and
environment, with N watchers of one `sleep` each and a notify socket of our own; waits for READY=1,
then for the RSS to settle (no change above 0.25 MiB for 3 s, at least --settle s after READY=1), and
reads /proc/PID/smaps. Memory is split by mapping:

  heap      the Java heap's range (from -Xlog:gc+heap+coops, logged to a file of ours)
  class space  the compressed class space (class metadata of classes not from an archive)
  code      the code cache (the only anonymous rwx mappings)
  cds       the class-data archives (*.jsa): relocated archives are private dirty pages, not page cache
  libjvm    libjvm.so (mostly shared text: PSS divides it among every JVM on the host)
  files     every other file mapping (libc, other JDK libraries, the modules image, Netty's .so)
  malloc    glibc arenas: [heap] and the 64 MiB-aligned anonymous arena reservations of other threads
  other     the remaining anonymous memory: non-class metaspace, thread stacks, GC and symbol tables

--nmt adds a second run per step with -XX:NativeMemoryTracking=summary and prints the JVM's own view
(committed memory by category: Class = metaspace, Thread = stacks, Code, GC, Symbol...) via jcmd; it
is not mixed into the RSS figures (NMT costs memory itself).

supervisord (Debian's 4.2.5) runs the same N `sleep` programs with its unix socket and XML-RPC
interface, as bench/suite.py configures it. VmRSS counts shared pages in full; PSS divides them among
the processes mapping them, so it is the fair figure for "what this process costs the host".
Results go to stdout and, unless --no-results, to bench/results/footprint-YYYY-MM-DD-HHMM.md.
docs/packaging.md explains the steps and the outcome.
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchlib import common, targets  # noqa: E402

# Cumulative steps: each adds its flags/env to every step before it. Names are what the table shows.
def _jdk_archive():
    """The JDK's own default CDS archive (lib/server/classes.jsa of the java on PATH)."""
    java = os.path.realpath(shutil.which("java") or "/usr/bin/java")
    return os.path.join(os.path.dirname(os.path.dirname(java)), "lib", "server", "classes.jsa")


STEPS = [
    ("launcher", [], {}),
    ("MALLOC_ARENA_MAX=2", [], {"MALLOC_ARENA_MAX": "2"}),
    ("-XX:CICompilerCount=1", ["-XX:CICompilerCount=1"], {}),
    ("-XX:ReservedCodeCacheSize=16m", ["-XX:ReservedCodeCacheSize=16m"], {}),
    ("-XX:MetaspaceReclaimPolicy=aggressive", ["-XX:MetaspaceReclaimPolicy=aggressive"], {}),
    ("-XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20", ["-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20"], {}),
    ("-Xss256k", ["-Xss256k"], {}),
]
# Alternatives measured on top of the cumulative chain (--cumulative-upto, default its last step), not kept in it.
ALTERNATIVES = [
    ("JDK's CDS archive only (no jsuperd.jsa)", ["-XX:SharedArchiveFile=" + _jdk_archive()], {}),
    ("no CDS at all (-Xshare:off)", ["-Xshare:off"], {}),
    ("archives mapped at their base address (no ASLR relocation)",
     ["-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0"], {}),
    ("C2 too (-XX:TieredStopAtLevel=4)", ["-XX:TieredStopAtLevel=4", "-XX:CICompilerCount=2"], {}),
    ("-Xmx32m", ["-Xmx32m"], {}),
]
ALL = {name: (flags, env) for name, flags, env in STEPS + ALTERNATIVES}

SETTLE_DELTA_KIB = 256
SETTLE_QUIET_S = 3


def write_jsuper_config(tmp, n):
    conf = os.path.join(tmp, "jsuperd.ini")
    with open(conf, "w") as f:
        f.write(f"[jsuperd]\nsocket = {tmp}/j.sock\nlogdir = {tmp}/logs\nloglevel = warn\n")
        for i in range(n):
            f.write(f"\n[watcher:w{i}]\ncmd = {common.SLEEP}\nargs = 100000\nstartsecs = 0\ngraceful_timeout = 5\n")
    return conf


def write_supervisord_config(tmp, n):
    conf = os.path.join(tmp, "supervisord.conf")
    os.makedirs(os.path.join(tmp, "logs"), exist_ok=True)
    with open(conf, "w") as f:
        f.write(f"[supervisord]\nnodaemon = true\nlogfile = {tmp}/supervisord.log\npidfile = {tmp}/s.pid\n"
                f"childlogdir = {tmp}/logs\nloglevel = warn\nminfds = 8192\n\n[unix_http_server]\n"
                f"file = {tmp}/s.sock\n\n[supervisorctl]\nserverurl = unix://{tmp}/s.sock\n\n"
                "[rpcinterface:supervisor]\n"
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n")
        for i in range(n):
            f.write(f"\n[program:w{i}]\ncommand = {common.SLEEP} 100000\nstartsecs = 0\nstopwaitsecs = 5\n"
                    f"stdout_logfile = {tmp}/logs/w{i}.out\nstderr_logfile = {tmp}/logs/w{i}.err\n")
    return conf


def smaps_rollup(pid):
    out = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            m = re.match(r"^(\w+):\s+(\d+) kB", line)
            if m:
                out[m.group(1)] = int(m.group(2))
    return out


def mappings(pid):
    """[(start, end, perms, path, {Rss, Pss, ...})] from /proc/PID/smaps."""
    out = []
    with open(f"/proc/{pid}/smaps") as f:
        cur = None
        for line in f:
            m = re.match(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$", line)
            if m:
                cur = (int(m.group(1), 16), int(m.group(2), 16), m.group(3), m.group(4).strip(), {})
                out.append(cur)
            else:
                k = re.match(r"^(\w+):\s+(\d+) kB", line)
                if k and cur is not None:
                    cur[4][k.group(1)] = int(k.group(2))
    return out


def jvm_ranges(jvm_log):
    """{"heap": (start, end), "class space": (start, end)} from the JVM's own log: -Xlog:gc+heap+coops=debug
    ("Heap address: 0x..., size: 64 MB") and -Xlog:gc+metaspace ("Compressed class space mapped at: a-b")."""
    out = {}
    try:
        with open(jvm_log) as f:
            for line in f:
                m = re.search(r"Heap address: 0x([0-9a-f]+), size: (\d+) MB", line)
                if m:
                    start = int(m.group(1), 16)
                    out["heap"] = (start, start + int(m.group(2)) * 1024 * 1024)
                m = re.search(r"Compressed class space mapped at: 0x([0-9a-f]+)-0x([0-9a-f]+)", line)
                if m:
                    out["class space"] = (int(m.group(1), 16), int(m.group(2), 16))
    except OSError:
        pass
    return out


ARENA = 64 * 1024 * 1024


def breakdown(pid, ranges):
    """MiB of Rss and Pss by category (see the module doc)."""
    def inside(name, start, end):
        r = ranges.get(name)
        return r is not None and start >= r[0] and end <= r[1]

    cats = {}
    maps = [m for m in mappings(pid)]
    arena_starts = set()
    for i, (start, end, perms, path, _) in enumerate(maps):
        # A glibc thread arena reserves 64 MiB aligned to 64 MiB: an rw part, then the ---p rest.
        if not path and start % ARENA == 0 and "rw" in perms and not inside("heap", start, end):
            total = end - start
            j = i + 1
            while j < len(maps) and maps[j][0] == maps[j - 1][1] and not maps[j][3] and total < ARENA:
                total += maps[j][1] - maps[j][0]
                j += 1
            if total == ARENA:
                arena_starts.update(range(i, j))
    for i, (start, end, perms, path, v) in enumerate(maps):
        if path.endswith(".jsa"):
            cat = "cds"
        elif path.endswith("/libjvm.so"):
            cat = "libjvm"
        elif inside("heap", start, end):
            cat = "heap"
        elif inside("class space", start, end):
            cat = "class space"
        elif path == "[heap]" or i in arena_starts:
            cat = "malloc"
        elif path.startswith("/"):
            cat = "files"
        elif "x" in perms and not path:
            cat = "code"
        else:
            cat = "other"
        rss, pss = cats.get(cat, (0, 0))
        cats[cat] = (rss + v.get("Rss", 0), pss + v.get("Pss", 0))
    return {k: (r / 1024, p / 1024) for k, (r, p) in cats.items()}


def settle(pid, min_s, limit_s=120):
    """Waits at least min_s, then until VmRSS moved less than SETTLE_DELTA_KIB for SETTLE_QUIET_S."""
    t0 = time.monotonic()
    last, quiet_since = None, time.monotonic()
    while True:
        rss = common.rss_mib(pid) * 1024
        if last is None or abs(rss - last) > SETTLE_DELTA_KIB:
            last, quiet_since = rss, time.monotonic()
        now = time.monotonic()
        if now - t0 >= min_s and now - quiet_since >= SETTLE_QUIET_S or now - t0 > limit_s:
            return
        time.sleep(0.5)


def await_ready(notify, proc, tmp, timeout=300):
    t0 = time.monotonic()
    while True:
        if time.monotonic() - t0 > timeout or proc.poll() is not None:
            raise RuntimeError(f"no READY=1 from jsuperd (see {tmp}/daemon.out)")
        try:
            if notify.recv(4096).decode().startswith("READY=1"):
                return
        except socket.timeout:
            continue


def thread_names(pid):
    names = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                n = f.read().strip()
        except OSError:
            continue
        names[n] = names.get(n, 0) + 1
    return names


def api_calls(sock, count):
    """`count` API requests (GET /services, as jsuperctl status does, and GET /version) before the figures are read."""
    for i in range(count):
        c = targets.UnixHTTPConnection(sock)
        c.request("GET", "/services" if i % 2 == 0 else "/version")
        c.getresponse().read()
        c.close()


def run_jsuperd(n, flags, env_extra, settle_s, nmt=False, calls=0):
    tmp = common.make_tmp("fp")
    notify_path = os.path.join(tmp, "notify.sock")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(notify_path)
    notify.settimeout(1.0)
    jvm_log = os.path.join(tmp, "jvm.log")
    flags = flags + [f"-Xlog:gc+heap+coops=debug,gc+metaspace=info:file={jvm_log}"]
    if nmt:
        flags = flags + ["-XX:NativeMemoryTracking=summary"]
    env = dict(os.environ, NOTIFY_SOCKET=notify_path, JSUPERD_JAVA_OPTS=" ".join(flags), **env_extra)
    proc = common.spawn([os.path.join(common.DIST, "bin", "jsuperd"), "-c", write_jsuper_config(tmp, n)],
                        os.path.join(tmp, "daemon.out"), env=env)
    try:
        try:
            await_ready(notify, proc, tmp)
        except RuntimeError:
            with open(os.path.join(tmp, "daemon.out"), errors="replace") as f:
                raise RuntimeError("no READY=1: " + " / ".join(f.read().strip().splitlines()[-2:])) from None
        common.wait_for(lambda: len(common.children(proc.pid)) >= n, 120, 0.2, f"{n} children")
        api_calls(os.path.join(tmp, "j.sock"), calls)
        settle(proc.pid, settle_s)
        roll = smaps_rollup(proc.pid)
        result = {"rss": roll["Rss"] / 1024, "pss": roll["Pss"] / 1024,
                  "cats": breakdown(proc.pid, jvm_ranges(jvm_log)), "threads": thread_names(proc.pid)}
        if nmt:
            result["nmt"] = subprocess.run(["jcmd", str(proc.pid), "VM.native_memory", "summary"],
                                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60).stdout.decode()
        return result
    finally:
        common.terminate(proc)
        notify.close()
        shutil.rmtree(tmp, ignore_errors=True)


def run_supervisord(n, settle_s):
    tmp = common.make_tmp("fps")
    conf = write_supervisord_config(tmp, n)
    proc = common.spawn(["supervisord", "-c", conf], os.path.join(tmp, "daemon.out"))
    try:
        common.wait_for(lambda: os.path.exists(f"{tmp}/s.sock"), 60, 0.1, "supervisord's socket")
        common.wait_for(lambda: len(common.children(proc.pid)) >= n, 300, 0.2, f"{n} children")
        settle(proc.pid, settle_s)
        roll = smaps_rollup(proc.pid)
        return {"rss": roll["Rss"] / 1024, "pss": roll["Pss"] / 1024, "cats": {}, "threads": thread_names(proc.pid)}
    finally:
        common.terminate(proc)
        shutil.rmtree(tmp, ignore_errors=True)


CAT_ORDER = ["heap", "class space", "other", "cds", "libjvm", "files", "malloc", "code"]


def median_result(runs):
    cats = {c: (statistics.median(r["cats"].get(c, (0, 0))[0] for r in runs),
                statistics.median(r["cats"].get(c, (0, 0))[1] for r in runs)) for c in CAT_ORDER}
    return {"rss": statistics.median(r["rss"] for r in runs), "pss": statistics.median(r["pss"] for r in runs),
            "cats": cats, "threads": runs[0]["threads"]}


def row(n, name, r):
    cats = " | ".join(f"{r['cats'][c][0]:.1f} / {r['cats'][c][1]:.1f}" if r["cats"] else "" for c in CAT_ORDER)
    return f"| {n} | {name} | **{r['rss']:.1f}** | **{r['pss']:.1f}** | {sum(r['threads'].values())} | {cats} |"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--children", default="0,1000")
    ap.add_argument("--settle", type=float, default=8, help="seconds after READY=1 before settling is checked")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--steps", default="", help="comma-separated step names (default: every step and alternative)")
    ap.add_argument("--cumulative-upto", default="", help="alternatives are measured on top of this step (default: last)")
    ap.add_argument("--extra", action="append", default=[], metavar="NAME=FLAGS",
                    help="an ad-hoc alternative: JVM flags (space-separated) on top of the chain, e.g. an archive to try")
    ap.add_argument("--dist", default=common.DIST, help="the jsuper tree to run (default: the build's)")
    ap.add_argument("--api-calls", type=int, default=0,
                    help="API requests to jsuperd before measuring (0: a daemon no client has talked to yet)")
    ap.add_argument("--no-supervisord", action="store_true")
    ap.add_argument("--nmt", action="store_true", help="also print the JVM's native memory summary per step")
    ap.add_argument("--no-results", action="store_true")
    args = ap.parse_args()
    common.DIST = args.dist
    counts = [int(x) for x in args.children.split(",")]
    for extra in args.extra:
        name, _, flags = extra.partition("=")
        ALL[name] = (flags.split(), {})
    extras = [e.partition("=")[0] for e in args.extra]
    wanted = [s.strip() for s in args.steps.split(",") if s.strip()] or [n for n in ALL if n not in extras]
    wanted += [e for e in extras if e not in wanted]
    unknown = [s for s in wanted if s not in ALL]
    if unknown:
        sys.exit(f"unknown step(s) {unknown}; known: {list(ALL)}")
    base_upto = args.cumulative_upto or STEPS[-1][0]

    def flags_of(name):
        flags, env = [], {}
        chain = [s for s in STEPS]
        names = [s[0] for s in chain]
        if name in names:
            upto = names.index(name)
        else:
            upto = names.index(base_upto)
        for s_name, s_flags, s_env in chain[:upto + 1]:
            flags, env = flags + s_flags, {**env, **s_env}
        if name not in names:
            flags, env = flags + ALL[name][0], {**env, **ALL[name][1]}
        return flags, env

    head = ["| children | step (cumulative) | RSS MiB | PSS MiB | threads | "
            + " | ".join(f"{c} RSS/PSS" for c in CAT_ORDER) + " |",
            "|---|---|---|---|---|" + "---|" * len(CAT_ORDER)]
    lines = []
    try:
        for n in counts:
            if not args.no_supervisord:
                r = median_result([run_supervisord(n, args.settle) for _ in range(args.rounds)])
                lines.append(row(n, "supervisord 4.2.5", r))
                print(lines[-1], flush=True)
            for name in wanted:
                flags, env = flags_of(name)
                try:
                    runs = [run_jsuperd(n, flags, env, args.settle, calls=args.api_calls) for _ in range(args.rounds)]
                except RuntimeError as e:  # e.g. flags the JVM refuses: the other steps still count
                    lines.append(f"| {n} | {name} | failed: {e} |")
                    print(lines[-1], flush=True)
                    continue
                r = median_result(runs)
                lines.append(row(n, name, r))
                print(lines[-1], flush=True)
                if args.nmt:
                    print(run_jsuperd(n, flags, env, args.settle, nmt=True, calls=args.api_calls)["nmt"], flush=True)
            print("threads of the last jsuperd run:", dict(sorted(runs[0]["threads"].items())), flush=True)
    finally:
        common.cleanup_all()
    text = "\n".join(head + lines)
    print("\n" + text)
    if not args.no_results:
        common.write_result("footprint", "jsuperd footprint by JVM lever", f"{args.rounds} round(s), medians", text)


if __name__ == "__main__":
    main()
