"""Slow clients against the real `kiosk-server serve` process, over raw sockets (issue 11, point 5).

The probes that found the defect: a chunk body dripping one byte at a time (under the stall
timeout) held a device's upload slots; slow headers and slow unauthenticated bodies were never
closed. Each test runs the server with small limits so it finishes in a few seconds.
"""

from __future__ import annotations

import os
import select
import socket
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import requests

from sync import protocol as P

from .builders import Application, documents
from .test_serve_process import EXECUTABLE, cli, put_range, serving

OFFICE = "51.08.01.2001"


def server_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    assert EXECUTABLE.exists(), "the kiosk-server console script is not installed"
    env = {
        **os.environ,
        "KIOSK_SERVER_DATABASE_URL": database_url,
        "KIOSK_SERVER_DATA_DIR": str(tmp_path / "server-data"),
    }
    cli(env, "migrate")
    return env


def port_of(base: str) -> int:
    port = urlsplit(base).port
    assert port is not None
    return port


def open_request(port: int, head: str, body: bytes = b"") -> socket.socket:
    """A connection that has sent `head` (request line and headers) and `body` so far."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(head.encode("latin-1") + body)
    return sock


def answered_or_closed(sock: socket.socket) -> bytes | None:
    """What the server sent (b"" when it closed), or None while it still waits for us."""
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return None
    try:
        return sock.recv(65536)
    except ConnectionResetError:
        return b""


def drip_until_dropped(
    socks: list[socket.socket], interval: float, limit: float, data: bytes = b"x"
) -> dict[int, bytes]:
    """Sends `data` on each socket every `interval` s until the server answered or closed each.

    Returns what each socket received; a socket still open after `limit` s is missing.
    """
    results: dict[int, bytes] = {}
    deadline = time.monotonic() + limit
    while len(results) < len(socks) and time.monotonic() < deadline:
        for index, sock in enumerate(socks):
            if index in results:
                continue
            got = answered_or_closed(sock)
            if got is not None:
                results[index] = got
                continue
            try:
                if data:
                    sock.sendall(data)
            except (BrokenPipeError, ConnectionResetError):
                results[index] = b""
        time.sleep(interval)
    return results


def enroll(base: str, env: dict[str, str]) -> dict[str, str]:
    code = cli(env, "enrollment-code", "--office", OFFICE).strip()
    enrolled = requests.post(
        base + P.ENROLL_PATH,
        json={"device_id": str(uuid.uuid4()), "code": code, "device_name": "loket 1"},
        timeout=10,
    )
    assert enrolled.status_code == 201, enrolled.text
    return {"Authorization": f"Bearer {enrolled.json()['credential']}", P.HEADER_OPERATOR: "p-1"}


def chunk_head(port: int, path: str, headers: dict[str, str], size: int) -> str:
    lines = [
        f"PUT {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        f"Content-Type: {P.CHUNK_CONTENT_TYPE}",
        f"Content-Length: {size}",
        f"{P.HEADER_CONTENT_RANGE}: {P.format_content_range(0, size - 1, size)}",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    return "\r\n".join(lines) + "\r\n\r\n"


def test_a_dripping_chunk_body_is_aborted_and_frees_the_devices_upload_slots(
    database_url: str, tmp_path: Path
) -> None:
    env = server_env(database_url, tmp_path)
    (doc,) = documents(40_000)
    app = Application([doc], number="3171-0501")
    limits = ("--min-body-rate", "1000", "--body-rate-window", "1", "--body-rate-grace", "1")
    with serving(env, tmp_path / "server.log", "--max-uploads-per-device", "2", *limits) as (
        base,
        _process,
    ):
        port = port_of(base)
        headers = enroll(base, env)
        assert requests.put(base + app.path, json=app.manifest(), headers=headers, timeout=10).ok
        head = chunk_head(port, app.attachment_path(doc), headers, doc.size)
        socks = [open_request(port, head, b"x") for _ in range(2)]
        try:
            time.sleep(0.3)
            busy = put_range(base, headers, app, doc, 0, doc.size - 1)
            assert busy.status_code == 429  # both slots held by the drips
            # One byte every 0.3 s: far under the 30 s stall timeout, far under 1000 B/s.
            dropped = drip_until_dropped(socks, 0.3, limit=8)
        finally:
            for sock in socks:
                sock.close()
        assert sorted(dropped) == [0, 1], "a dripping body kept its upload slot"
        for answer in dropped.values():
            assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
            assert b'"stalled"' in answer
        stored = put_range(base, headers, app, doc, 0, doc.size - 1)
        assert stored.status_code == 200, stored.text


def test_a_body_over_the_total_time_limit_is_aborted_although_it_keeps_moving(
    database_url: str, tmp_path: Path
) -> None:
    env = server_env(database_url, tmp_path)
    with serving(env, tmp_path / "server.log", "--body-timeout", "1.5") as (base, _process):
        port = port_of(base)
        head = (
            f"POST {P.ENROLL_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Content-Length: 60000\r\n\r\n"
        )
        sock = open_request(port, head, b"{")
        try:
            started = time.monotonic()
            # 2 KiB every 0.1 s (about 20 KiB/s, well over the minimum rate).
            dropped = drip_until_dropped([sock], 0.1, limit=6, data=b" " * 2048)
        finally:
            sock.close()
        assert 0 in dropped, "a body over the total time limit was never cut off"
        assert dropped[0].startswith(b"HTTP/1.1 408"), dropped[0][:200]
        assert time.monotonic() - started < 4


def test_headers_that_never_finish_are_closed(database_url: str, tmp_path: Path) -> None:
    env = server_env(database_url, tmp_path)
    with serving(env, tmp_path / "server.log", "--header-timeout", "1") as (base, _process):
        port = port_of(base)
        silent = open_request(port, "")  # connects and sends nothing at all
        dripping = open_request(port, "GET /health HTTP/1.1\r\nHost: x\r\n")
        try:
            dropped = drip_until_dropped([dripping], 0.2, limit=6, data=b"X")
            silent_got = drip_until_dropped([silent], 0.2, limit=2, data=b"")
        finally:
            silent.close()
            dripping.close()
        assert 0 in dropped, "headers dripping one byte at a time were never closed"
        assert 0 in silent_got, "a connection that never sent a header was never closed"
        for got in (dropped[0], silent_got[0]):
            assert got == b"" or got.startswith(b"HTTP/1.1 408"), got[:200]
        # A well-behaved request on a new connection is unaffected.
        assert requests.get(base + P.HEALTH_PATH, timeout=5).status_code == 200


def test_unauthenticated_requests_beyond_the_cap_get_503_with_retry_after(
    database_url: str, tmp_path: Path
) -> None:
    env = server_env(database_url, tmp_path)
    with serving(env, tmp_path / "server.log", "--max-unauthenticated", "3") as (base, _process):
        port = port_of(base)
        head = (
            f"POST {P.ENROLL_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Content-Length: 200\r\n\r\n"
        )
        slow = [open_request(port, head, b'{"device_id": ') for _ in range(3)]
        try:
            time.sleep(0.3)
            body = {"device_id": str(uuid.uuid4()), "code": "AAAA-BBBB", "device_name": "x"}
            refused = requests.post(base + P.ENROLL_PATH, json=body, timeout=10)
            assert refused.status_code == 503, refused.text
            assert refused.headers[P.HEADER_RETRY_AFTER].isdigit()
            assert refused.json()["code"] == "overloaded"
            # Health probes are not counted, and a kiosk that authenticates is not starved
            # once its credential is checked.
            assert requests.get(base + P.HEALTH_PATH, timeout=5).status_code == 200
        finally:
            for sock in slow:
                sock.close()
        deadline = time.monotonic() + 5
        while True:
            again = requests.post(base + P.ENROLL_PATH, json=body, timeout=10)
            if again.status_code != 503 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert again.status_code != 503, "closed slow requests kept their places"
