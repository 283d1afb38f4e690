"""Local store figures: list/search over 10,000 applications and the latency of one submit.

Run: .venv/bin/python bench/store.py [--count 10000] [--repeat 20]

Each figure is printed beside a baseline measured in the same run: the same query through
plain sqlite3 on the same database file, and, for submit, a plain sqlite3 transaction inserting
the same rows (the three 300 KB attachments as BLOBs) with the same pragmas (WAL, FULL sync).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.applications.intake import Applicant, AttachmentInput, NewApplication  # noqa: E402
from kiosk.applications.records import payload_aad  # noqa: E402
from kiosk.local_store import Store  # noqa: E402
from kiosk.masking import mask_nik  # noqa: E402

ADDRESS = {"alamat": "Jl. Melati No. 12", "rt": "001", "rw": "002", "kode_wilayah": "31.71.01.1001"}
from kiosk.sealing import b64encode, key_id_of  # noqa: E402
from kiosk.store.models import ApplicationRow, StatusEventRow  # noqa: E402
from kiosk.store.outbox import Outbox  # noqa: E402

JPEG = b"\xff\xd8\xff\xe0"


def nik_for(i: int) -> str:
    return f"317101{17 + (i % 2) * 40:02d}0890{i % 9999 + 1:04d}"


def seed(store: Store, count: int) -> list[tuple[str, str]]:
    """Bulk rows with real encryption and digests (submit() would fsync 10,000 times)."""
    now = datetime.now(UTC)
    rows, picks = [], []
    for i in range(count):
        app_uuid, nik = str(uuid.uuid4()), nik_for(i)
        number = f"261122-{store.device_code}-{i + 1:05d}"
        payload = json.dumps({"nik": nik, "name": f"WARGA {i}"}).encode()
        rows.append(
            ApplicationRow(
                uuid=app_uuid,
                version=1,
                parent_version=None,
                number=number,
                service_code="ktp-el-hilang",
                status="submitted",
                nik_masked=mask_nik(nik),
                nik_digest=store.core.keys.digest(nik),
                payload=store.core.keys.encrypt(payload, payload_aad(app_uuid, 1)),
                operator="bench",
                created_at=now,
                updated_at=now,
                events=[StatusEventRow(status="submitted", at=now, source="local")],
            )
        )
        if i % (count // 20) == 0:
            picks.append((nik, number))
    with store.core.write_session() as session:
        session.add_all(rows)
        session.flush()
        for row in rows:
            Outbox.enqueue_in(session, row.pk, now)
    return picks


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def row(label: str, ours: float, base: float) -> None:
    print(f"{label:<44} {ours:9.2f} ms   baseline {base:9.2f} ms   ratio {ours / base:6.2f}x")


def plain_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def bench_queries(store: Store, picks: list[tuple[str, str]], repeat: int) -> None:
    conn = plain_connection(store.data_dir / "kiosk.sqlite3")
    cols = "uuid, version, number, service_code, status, nik_masked, created_at, updated_at"
    nik, number = picks[len(picks) // 2]
    digest = store.core.keys.digest(nik)
    row(
        f"list all {store.records.count()} applications",
        timed(store.records.list_applications, repeat),
        timed(
            lambda: conn.execute(f"SELECT {cols} FROM applications ORDER BY pk DESC").fetchall(),
            repeat,
        ),
    )
    row(
        "list first page (50)",
        timed(lambda: store.records.list_applications(limit=50), repeat),
        timed(
            lambda: conn.execute(
                f"SELECT {cols} FROM applications ORDER BY pk DESC LIMIT 50"
            ).fetchall(),
            repeat,
        ),
    )
    assert len(store.records.find_by_nik(nik)) >= 1
    row(
        "search by NIK (keyed digest index)",
        timed(lambda: store.records.find_by_nik(nik), repeat),
        timed(
            lambda: conn.execute(
                f"SELECT {cols} FROM applications WHERE nik_digest = ?", (digest,)
            ).fetchall(),
            repeat,
        ),
    )
    assert len(store.records.find_by_number(number)) == 1
    row(
        "search by number",
        timed(lambda: store.records.find_by_number(number), repeat),
        timed(
            lambda: conn.execute(
                f"SELECT {cols} FROM applications WHERE number = ?", (number,)
            ).fetchall(),
            repeat,
        ),
    )
    conn.close()


def bench_submit(folder: Path, repeat: int) -> None:
    store = Store.open(folder / "submit")
    sealing = Store.open(folder / "submit-sealed")
    server_key = X25519PrivateKey.generate().public_key().public_bytes_raw()
    sealing.state.set_seal_key(key_id_of(server_key), b64encode(server_key))
    size = 300 * 1024

    def one(target: Store) -> None:
        target.submission.submit(
            NewApplication(
                service="ktp-el-perubahan",
                applicant=Applicant(
                    "3171011708900001",
                    "3171010101100002",
                    "BUDI SANTOSO",
                    date(1990, 8, 17),
                    "L",
                    "081234567890",
                    address=dict(ADDRESS),
                ),
                attachments=[
                    AttachmentInput(d, JPEG + os.urandom(size - 4))
                    for d in ("kk", "ktp-el", "bukti-perubahan")
                ],
                operator="bench",
            )
        )

    conn = plain_connection(folder / "plain.sqlite3")
    conn.executescript(
        "CREATE TABLE a (pk INTEGER PRIMARY KEY, uuid TEXT, number TEXT, payload BLOB);"
        "CREATE TABLE f (pk INTEGER PRIMARY KEY, a INTEGER, sha TEXT, data BLOB);"
        "CREATE TABLE o (pk INTEGER PRIMARY KEY, a INTEGER, state TEXT);"
    )

    def plain() -> None:
        blobs = [JPEG + os.urandom(size - 4) for _ in range(3)]
        with conn:
            cur = conn.execute(
                "INSERT INTO a (uuid, number, payload) VALUES (?, ?, ?)",
                (str(uuid.uuid4()), "n", os.urandom(200)),
            )
            for blob in blobs:
                conn.execute(
                    "INSERT INTO f (a, sha, data) VALUES (?, ?, ?)", (cur.lastrowid, "x" * 64, blob)
                )
            conn.execute("INSERT INTO o (a, state) VALUES (?, 'pending')", (cur.lastrowid,))

    plain_time = timed(plain, repeat)
    row("submit: 1 application + 3 x 300 KB", timed(lambda: one(store), repeat), plain_time)
    row("submit, sealed to the server key", timed(lambda: one(sealing), repeat), plain_time)
    store.close()
    sealing.close()
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = Store.open(folder / "list")
        start = time.perf_counter()
        picks = seed(store, args.count)
        print(f"seeded {args.count} applications in {time.perf_counter() - start:.1f} s")
        bench_queries(store, picks, args.repeat)
        store.close()
        bench_submit(folder, args.repeat)


if __name__ == "__main__":
    main()
