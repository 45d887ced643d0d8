"""Hostile clients and probes for the soak benchmark (bench/soak), each on its own thread.

Every attacker is bounded (a fixed number of connections, paced loops) and stops when the shared `stop`
event is set. They only ever connect to loopback or to a unix socket in the benchmark's temp dir.
"""
import socket
import threading
import time


class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.n = 0

    def add(self, k=1):
        with self.lock:
            self.n += k


def _connect(target):
    if isinstance(target, str):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(2)
    s.connect(target)
    s.setblocking(False)
    return s


def _close(s):
    if s is not None:
        try:
            s.close()
        except OSError:
            pass


def pipeliners(stop, target, connections, request, closed):
    """Clients that send `request` in batches of 500 on one connection and never read; reconnect when cut."""
    batch = request * 500

    def run():
        s, view = None, memoryview(batch)
        while not stop.is_set():
            try:
                if s is None:
                    s, view = _connect(target), memoryview(batch)
                n = s.send(view)
                view = view[n:] if n < len(view) else memoryview(batch)
            except BlockingIOError:
                time.sleep(0.005)
            except OSError:
                closed.add()
                _close(s)
                s = None
                time.sleep(0.05)
        _close(s)
    return [threading.Thread(target=run, daemon=True, name=f"pipeliner-{i}") for i in range(connections)]


def drippers(stop, target, connections, every, closed):
    """Slowloris: `connections` unfinished request heads, one more byte each every `every` seconds."""
    head = b"GET /services HTTP/1.1\r\nHost: x\r\nX-Drip: "

    def run():
        conns = [None] * connections
        while not stop.is_set():
            for i in range(connections):
                if stop.is_set():
                    break
                try:
                    if conns[i] is None:
                        conns[i] = _connect(target)
                        conns[i].send(head)
                    else:
                        conns[i].send(b"a")
                        try:
                            if conns[i].recv(4096) == b"":
                                raise OSError("EOF")
                        except BlockingIOError:
                            pass
                except OSError:
                    closed.add()
                    _close(conns[i])
                    conns[i] = None
            stop.wait(every)
        for c in conns:
            _close(c)
    return [threading.Thread(target=run, daemon=True, name="drippers")]


def malformed(stop, target, rate, answered):
    """Malformed requests (bad percent-escapes, junk) at about `rate` per second, each on a new connection."""
    reqs = [b"GET /services/%zz HTTP/1.1\r\nHost: x\r\n\r\n", b"GET /services/% HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET /%zz?x=%zz HTTP/1.1\r\nHost: x\r\n\r\n", b"\x16\x03\x01\x02\x00junk\r\n\r\n",
            b"GET /services HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx"]

    def run():
        i = 0
        while not stop.is_set():
            s = None
            try:
                s = _connect(target)
                s.setblocking(True)
                s.settimeout(2)
                s.sendall(reqs[i % len(reqs)])
                if s.recv(4096):
                    answered.add()
            except OSError:
                pass
            finally:
                _close(s)
            i += 1
            stop.wait(1.0 / rate)
    return [threading.Thread(target=run, daemon=True, name="malformed")]


def periodic(stop, every, action, name):
    """Runs action() every `every` seconds (e.g. a reload storm), ignoring its failures."""
    def run():
        while not stop.is_set():
            try:
                action()
            except Exception:  # noqa: BLE001 - an overloaded daemon may refuse; the probes record it
                pass
            stop.wait(every)
    return [threading.Thread(target=run, daemon=True, name=name)]


class LatencyProbe:
    """Calls fn() every `every` seconds and keeps (monotonic time, ms or None on failure)."""

    def __init__(self, stop, fn, every):
        self.samples = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, args=(stop, fn, every), daemon=True, name="probe")

    def _run(self, stop, fn, every):
        while not stop.is_set():
            t = time.perf_counter()
            try:
                fn()
                ms = (time.perf_counter() - t) * 1000
            except Exception:  # noqa: BLE001 - a failed call is a sample too
                ms = None
            with self.lock:
                self.samples.append((time.monotonic(), ms))
            stop.wait(every)

    def window(self, since):
        with self.lock:
            return [ms for (t, ms) in self.samples if t >= since]
