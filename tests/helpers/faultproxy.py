"""A TCP proxy that breaks the link between kiosk and server on purpose.

Faults it injects, at any moment, from the test thread:
- `cut()`: resets every open connection (RST), like a modem dropping the line.
- `set_down(True)`: the link is down: new connections are reset at once, open ones too.
- `stall(seconds)`: bytes stop moving in both directions (connections hang, no error).
- `throttle(bytes_per_second, burst_bytes=None)`: a bandwidth cap shared by all connections
  and both directions; the bucket holds one second's worth unless `burst_bytes` says less.
- `reset_after_upstream_bytes(n)`: the next connection is reset after n bytes towards the
  server, i.e. in the middle of an upload.
Only ever listens on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import random
import socket
import struct
import threading
import time
from dataclasses import dataclass, field

BUFFER = 16 * 1024


@dataclass
class FaultLog:
    cuts: int = 0
    downs: int = 0
    stalls: int = 0
    mid_upload_resets: int = 0
    events: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.cuts + self.downs + self.stalls + self.mid_upload_resets


def _reset(sock: socket.socket) -> None:
    """Drops a connection at once. shutdown() first: a close() alone would neither wake a
    thread blocked in recv() on it nor tell the peer until that thread let go."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


class _TokenBucket:
    def __init__(self) -> None:
        self.rate: float | None = None
        self.depth = 0.0
        self._lock = threading.Lock()
        self._available = 0.0
        self._last = time.monotonic()

    def configure(self, rate: float | None, burst: float | None) -> None:
        """A new cap starts with an empty bucket: no credit saved while the link was uncapped.

        The depth is how much idle time the link may make up for later. One second's worth
        (the default) hides stop-and-wait gaps from a goodput measurement; a real 1 Mbit/s
        line (or `tc tbf` with a few KB of burst) loses that time for good.
        """
        with self._lock:
            self.rate = rate
            self.depth = float(burst if burst is not None else rate or 0.0)
            self._available = 0.0
            self._last = time.monotonic()

    def take(self, amount: int) -> None:
        while True:
            with self._lock:
                if self.rate is None:
                    return
                now = time.monotonic()
                self._available = min(self.depth, self._available + (now - self._last) * self.rate)
                self._last = now
                if self._available >= amount or self._available >= self.depth:
                    self._available -= amount
                    return
                wait = (amount - self._available) / self.rate
            time.sleep(min(wait, 0.05))


class FaultProxy:
    def __init__(
        self, target_port: int, target_host: str = "127.0.0.1", *, also: tuple[int, ...] = ()
    ) -> None:
        """`also`: more ports on the same host; connections then alternate between them."""
        self.target = (target_host, target_port)
        self.targets = [(target_host, port) for port in (target_port, *also)]
        self.connections_to: dict[int, int] = {}
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(256)
        self.port = int(self._listener.getsockname()[1])
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._down = False
        self._stalled_until = 0.0
        self._reset_after: int | None = None
        self._drop_response = False
        self._bucket = _TokenBucket()
        self._closing = False
        self.log = FaultLog()
        self.bytes_upstream = 0
        self.bytes_downstream = 0
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- faults -------------------------------------------------------------------------
    def cut(self) -> None:
        with self._lock:
            victims = list(self._connections)
            self._connections.clear()
            self.log.cuts += 1
            self.log.events.append(f"cut {len(victims)} connections")
        for sock in victims:
            _reset(sock)

    def set_down(self, down: bool) -> None:
        with self._lock:
            if down and not self._down:
                self.log.downs += 1
                self.log.events.append("link down")
            self._down = down
        if down:
            self.cut()
            with self._lock:
                self.log.cuts -= 1  # part of the same fault

    def stall(self, seconds: float) -> None:
        with self._lock:
            self._stalled_until = time.monotonic() + seconds
            self.log.stalls += 1
            self.log.events.append(f"stall {seconds:.1f}s")

    def throttle(self, bytes_per_second: float | None, burst_bytes: float | None = None) -> None:
        self._bucket.configure(bytes_per_second, burst_bytes)

    def reset_after_upstream_bytes(self, amount: int) -> None:
        with self._lock:
            self._reset_after = amount
            self.log.mid_upload_resets += 1
            self.log.events.append(f"reset after {amount} bytes up")

    def drop_next_response(self) -> None:
        """The next answer from the server is lost: the request arrives, the reply does not."""
        with self._lock:
            self._drop_response = True
            self.log.events.append("drop next response")

    def random_fault(self, rng: random.Random, max_seconds: float = 3.0) -> str:
        """One random fault; the link-down case returns to up after up to max_seconds."""
        kind = rng.choice(["cut", "down", "stall", "mid_upload"])
        if kind == "cut":
            self.cut()
        elif kind == "down":
            self.set_down(True)
            threading.Timer(rng.uniform(0.5, max_seconds), self.set_down, (False,)).start()
        elif kind == "stall":
            self.stall(rng.uniform(0.5, max_seconds))
        else:
            self.reset_after_upstream_bytes(rng.randint(10_000, 600_000))
        return kind

    def close(self) -> None:
        self._closing = True
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        with contextlib.suppress(OSError):
            self._listener.close()
        self.cut()
        self._thread.join(5)

    # --- plumbing -----------------------------------------------------------------------
    def _accept_loop(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                down = self._down
            if down:
                _reset(client)
                continue
            with self._lock:
                target = self.targets[sum(self.connections_to.values()) % len(self.targets)]
                self.connections_to[target[1]] = self.connections_to.get(target[1], 0) + 1
            if len(self.targets) == 1:
                target = self.target
            try:
                upstream = socket.create_connection(target, timeout=5)
            except OSError:
                _reset(client)
                continue
            with self._lock:
                self._connections.update((client, upstream))
                limit, self._reset_after = self._reset_after, None
            pair = _Pair(client, upstream, limit)
            for source, sink, up in ((client, upstream, True), (upstream, client, False)):
                threading.Thread(
                    target=self._pump, args=(pair, source, sink, up), daemon=True
                ).start()

    def _pump(self, pair: _Pair, source: socket.socket, sink: socket.socket, up: bool) -> None:
        try:
            while True:
                data = source.recv(BUFFER)
                if not data:
                    break
                while time.monotonic() < self._stalled_until:
                    time.sleep(0.05)
                self._bucket.take(len(data))
                if not up and self._drop_response:
                    with self._lock:
                        self._drop_response = False
                    break
                if up and pair.limit is not None:
                    pair.sent_up += len(data)
                    if pair.sent_up > pair.limit:
                        break
                sink.sendall(data)
                if up:
                    self.bytes_upstream += len(data)
                else:
                    self.bytes_downstream += len(data)
        except OSError:
            pass
        finally:
            pair.close(self)


class _Pair:
    def __init__(self, client: socket.socket, upstream: socket.socket, limit: int | None) -> None:
        self.client, self.upstream, self.limit = client, upstream, limit
        self.sent_up = 0
        self._closed = False

    def close(self, proxy: FaultProxy) -> None:
        if self._closed:
            return
        self._closed = True
        with proxy._lock:
            proxy._connections.discard(self.client)
            proxy._connections.discard(self.upstream)
        for sock in (self.client, self.upstream):
            _reset(sock)
