"""Back office on PostgreSQL with 100,000 applications: queue, search and opening one, each
beside a bare SELECT of the same rows measured in the same run.

    .venv/bin/python bench/backoffice.py [--applications 100000] [--runs 40]

Figures are server time of the real back-office app (FastAPI + Jinja2 rendering, session
check, scoping, audit writes), called in-process, so the network is not in them. Goals from
issue 12: queue page and search p95 < 150 ms; opening an application with 3 documents (the
page plus its 3 documents) p95 < 300 ms.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import tempfile
import time
import uuid
import warnings
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.timing import bare_select, row, timed  # noqa: E402
from kiosk.sealing import seal_context  # noqa: E402
from server import staff  # noqa: E402
from server.backoffice.app import create_backoffice_app  # noqa: E402
from server.backoffice.context import BackofficeContext  # noqa: E402
from server.config import ServerSettings  # noqa: E402
from server.db import Database, migrate  # noqa: E402
from server.models import Application  # noqa: E402
from server.nik_digest import NikDigester  # noqa: E402
from server.queue_counts import count_queues  # noqa: E402
from server.queue_paging import PAGE_SIZE, cursor_of  # noqa: E402
from server.rejection_reasons import load_reasons  # noqa: E402
from server.seal_keys import KeyRing, seal  # noqa: E402
from server.storage import LocalDiskStorage  # noqa: E402
from server.unsealing import Opener  # noqa: E402
from server.worklist import newest_versions  # noqa: E402
from sync.protocol import SEALED_FIELDS_DOCUMENT  # noqa: E402
from tests.helpers.postgres import find_bin_dir, start_cluster  # noqa: E402

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

OFFICES = [f"51.08.{i // 10 + 1:02d}.{2001 + i:04d}" for i in range(20)]
SERVICES = ["ktp-el-hilang", "ktp-el-rusak", "kk-perubahan", "kia", "akta-kelahiran"]
STATUSES = ["received"] * 5 + ["verified", "processing", "ready", "collected", "rejected"]
PASSWORD = "sandi-bench-123"
SEALED_APPS = 20
DEEP_PAGE = 100  # the deep page timed, or the last page of a smaller queue


def _nik(i: int) -> str:
    return f"5108{i % 99 + 1:02d}{(i % 28) + 1:02d}0890{i % 9999 + 1:04d}"


def _populate(database: Database, digester: NikDigester, count: int) -> None:
    """100,000 application rows and their attachments, fast (INSERT ... SELECT)."""
    device = uuid.uuid4()
    with database.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO devices (id, name, office_code, credential_sha256, enrolled_at) "
                "VALUES (:id, 'bench', :office, '', now())"
            ),
            {"id": device, "office": OFFICES[0]},
        )
        rows = [
            {
                "id": uuid.uuid4(),
                "number": f"B-{i:07d}",
                "service": SERVICES[i % len(SERVICES)],
                "office": OFFICES[i % len(OFFICES)],
                "status": STATUSES[i % len(STATUSES)],
                "minutes": i,
            }
            for i in range(count)
        ]
        for start in range(0, count, 10_000):
            connection.execute(
                sa.text(
                    "INSERT INTO applications (application_id, version, number, service_code, "
                    "office_code, device_id, submitted_by, fields, manifest_sha256, status, "
                    "created_at, uploaded_at, received_at, updated_at) VALUES (:id, 1, :number, "
                    ":service, :office, :device, 'petugas', '{}', repeat('0', 64), :status, "
                    "now() - make_interval(mins => :minutes), now(), "
                    "now() - make_interval(mins => :minutes), now())"
                ),
                [{**row, "device": device} for row in rows[start : start + 10_000]],
            )
        connection.execute(
            sa.text(
                "INSERT INTO attachments (application_pk, position, document_code, sha256, size, "
                "content_type, received_bytes, completed_at) SELECT a.pk, d.n, "
                "(ARRAY['kk','ktp-el','surat-kehilangan'])[d.n + 1], "
                "md5(a.pk::text || d.n::text) || md5(d.n::text || a.pk::text), 1000, "
                "'image/jpeg', 1000, now() FROM applications a, generate_series(0, 2) d(n)"
            )
        )
        pks = connection.execute(sa.text("SELECT pk FROM applications ORDER BY pk")).scalars()
        digests = [{"pk": pk, "d": digester.digest(_nik(pk))} for pk in pks]
        if digests:
            connection.execute(
                sa.text("INSERT INTO application_nik_digests VALUES (:pk, :d)"), digests
            )
        connection.execute(sa.text("ANALYZE"))


def _sealed_applications(
    database: Database, storage: LocalDiskStorage, ring: KeyRing
) -> list[uuid.UUID]:
    """SEALED_APPS applications with 3 real sealed documents (~150 KB each) and their fields."""
    key = ring.create(None)
    rng = random.Random(7)
    ids: list[uuid.UUID] = []
    with database.engine.begin() as connection:
        device = connection.execute(sa.text("SELECT id FROM devices LIMIT 1")).scalar_one()
        for n in range(SEALED_APPS):
            app_id = uuid.uuid4()
            plain = {code: rng.randbytes(150_000) for code in ("kk", "ktp-el", "surat-kehilangan")}
            summary = {
                "fields": {"nik": _nik(10_000_000 + n), "name": "WARGA BENCH", "phone": "0812"},
                "documents": {
                    c: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                    for c, d in plain.items()
                },
            }
            files = {**plain, SEALED_FIELDS_DOCUMENT: json.dumps(summary).encode()}
            pk = connection.execute(
                sa.text(
                    "INSERT INTO applications (application_id, version, number, service_code, "
                    "office_code, device_id, submitted_by, fields, manifest_sha256, status, "
                    "created_at, uploaded_at, received_at, updated_at, seal_key_id) VALUES "
                    "(:id, 1, :number, 'ktp-el-hilang', :office, :device, 'petugas', '{}', "
                    "repeat('0', 64), 'received', now(), now(), now(), now(), :key) RETURNING pk"
                ),
                {
                    "id": app_id,
                    "number": f"S-{n:04d}",
                    "office": OFFICES[0],
                    "device": device,
                    "key": key.key_id,
                },
            ).scalar_one()
            for position, (code, data) in enumerate(files.items()):
                blob = seal(key.public_raw, data, seal_context(str(app_id), code))
                sha = hashlib.sha256(blob).hexdigest()
                part = f"{app_id}-1-{sha}"
                storage.append_partial(part, 0, blob)
                storage.promote_partial(part, sha)
                connection.execute(
                    sa.text(
                        "INSERT INTO attachments (application_pk, position, document_code, "
                        "sha256, size, content_type, received_bytes, completed_at) VALUES "
                        "(:pk, :pos, :code, :sha, :size, 'image/jpeg', :size, now())"
                    ),
                    {"pk": pk, "pos": position, "code": code, "sha": sha, "size": len(blob)},
                )
            ids.append(app_id)
    return ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args(argv)
    bin_dir = find_bin_dir()
    if bin_dir is None:
        print("PostgreSQL binaries not found (scripts/setup.sh installs them)", file=sys.stderr)
        return 1
    cluster = start_cluster(bin_dir, durable=True)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            url = cluster.url(cluster.create_database())
            settings = ServerSettings(database_url=url, data_dir=Path(tmp))
            database = Database(url)
            migrate(database)
            digester = NikDigester.from_dir(settings.keys_dir)
            storage = LocalDiskStorage(settings.attachments_dir)
            ring = KeyRing(settings.seal_keys_dir)
            started = time.perf_counter()
            _populate(database, digester, args.applications)
            sealed = _sealed_applications(database, storage, ring)
            print(
                f"populated {args.applications:,} applications "
                f"in {time.perf_counter() - started:.0f} s"
            )
            staff.add_user(
                database,
                "siti",
                "Siti",
                staff.StaffRole.VERIFIKATOR,
                OFFICES[:2],
                PASSWORD,
                "bench",
            )
            staff.add_user(
                database, "kadek", "Kadek", staff.StaffRole.SUPERVISOR, [], PASSWORD, "bench"
            )
            context = BackofficeContext(
                settings=settings,
                database=database,
                opener=Opener(storage, ring, None),
                digester=digester,
                reasons=load_reasons(),
            )
            _report(context, database, sealed, args.runs)
            database.dispose()
    finally:
        cluster.stop()
    return 0


def _client(context: BackofficeContext, username: str) -> Any:
    client = TestClient(create_backoffice_app(context))
    page = client.get("/backoffice/login")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    answer = client.post(
        "/backoffice/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return client


def _report(
    context: BackofficeContext, database: Database, sealed: list[uuid.UUID], runs: int
) -> None:
    two = tuple(OFFICES[:2])
    newest = (
        "NOT EXISTS (SELECT 1 FROM applications b WHERE b.application_id = a.application_id "
        "AND b.version > a.version)"
    )
    bare_queue_all = bare_select(
        database,
        f"SELECT a.* FROM applications a WHERE a.status = 'received' AND {newest} "
        "ORDER BY a.received_at, a.pk LIMIT 50",
    )
    bare_queue_two = bare_select(
        database,
        "SELECT a.* FROM applications a WHERE a.status = 'received' AND a.office_code = ANY(:o) "
        f"AND {newest} ORDER BY a.received_at, a.pk LIMIT 50",
        o=list(two),
    )
    bare_number = bare_select(database, "SELECT * FROM applications WHERE number = 'B-0054321'")
    digest = context.digester.digest(_nik(54321))
    bare_nik = bare_select(
        database,
        "SELECT a.* FROM applications a JOIN application_nik_digests d ON d.application_pk = a.pk "
        "WHERE d.nik_digest = :d",
        d=digest,
    )
    bare_open = bare_select(
        database,
        "SELECT * FROM applications a JOIN attachments t ON t.application_pk = a.pk "
        "WHERE a.application_id = :id",
        id=sealed[0],
    )
    supervisor, verifier = _client(context, "kadek"), _client(context, "siti")
    with supervisor, verifier:
        print(f"PostgreSQL, {runs} runs each; server time in-process (no network)")
        print(
            row(
                "queue 'new', supervisor (whole district)",
                timed(lambda: _ok(supervisor.get("/backoffice/?queue=new")), runs),
                timed(bare_queue_all, runs),
                150,
            )
        )
        print(
            row(
                "queue 'new', verifikator (2 of 20 offices)",
                timed(lambda: _ok(verifier.get("/backoffice/?queue=new")), runs),
                timed(bare_queue_two, runs),
                150,
            )
        )
        deep, after = _deep_page(database)
        print(
            row(
                f"queue 'new', page {deep} by number (OFFSET)",
                timed(lambda: _ok(supervisor.get(f"/backoffice/?queue=new&page={deep}")), runs),
                timed(bare_queue_all, runs),
                150,
            )
        )
        print(
            row(
                f"queue 'new', page {deep} by its next-link cursor",
                timed(
                    lambda: _ok(
                        supervisor.get(f"/backoffice/?queue=new&page={deep}&after={after}")
                    ),
                    runs,
                ),
                timed(bare_queue_all, runs),
                150,
            )
        )
        print(
            row(
                "search by number",
                timed(lambda: _ok(supervisor.get("/backoffice/?q=B-0054321")), runs),
                timed(bare_number, runs),
                150,
            )
        )
        print(
            row(
                "search by NIK (keyed digest)",
                timed(lambda: _ok(supervisor.get(f"/backoffice/?q={_nik(54321)}")), runs),
                timed(bare_nik, runs),
                150,
            )
        )
        cycle = iter(range(10**9))

        def open_one() -> None:
            app_id = sealed[next(cycle) % len(sealed)]
            _ok(supervisor.get(f"/backoffice/applications/{app_id}"))
            for code in ("kk", "ktp-el", "surat-kehilangan"):
                _ok(supervisor.get(f"/backoffice/applications/{app_id}/v/1/documents/{code}"))

        print(
            row(
                "open an application + its 3 documents",
                timed(open_one, runs),
                timed(bare_open, runs),
                300,
            )
        )
        kadek = staff.StaffMember("kadek", "Kadek", staff.StaffRole.SUPERVISOR, None, True)

        def recount() -> None:
            with database.read() as session:
                count_queues(session, kadek)

        bare_count = bare_select(
            database, "SELECT status, count(*) FROM applications GROUP BY status"
        )
        print(
            row(
                "queue counts recounted (every 10 s)",
                timed(recount, runs),
                timed(bare_count, runs),
                150,
            )
        )
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _deep_page(database: Database) -> tuple[int, str]:
    """Page DEEP_PAGE of the 'new' queue, or its last page when it holds fewer rows, and the
    cursor that page's previous page's next link carries ('' for page 1, which has none).
    The 'new' queue here holds no assigned applications."""
    newest_received = (Application.status == "received", newest_versions())
    with database.read() as session:
        rows = session.scalar(sa.select(sa.func.count()).where(*newest_received)) or 0
        page = max(1, min(DEEP_PAGE, -(-rows // PAGE_SIZE)))
        if page == 1:
            return page, ""
        app = session.scalars(
            sa.select(Application)
            .where(*newest_received)
            .order_by(Application.received_at, Application.pk)
            .offset((page - 1) * PAGE_SIZE - 1)
            .limit(1)
        ).one()
    cursor = cursor_of(app)
    assert cursor is not None
    return page, cursor.text()


def _ok(response: Any) -> None:
    assert response.status_code == 200, response.text[:300]


if __name__ == "__main__":
    raise SystemExit(main())
