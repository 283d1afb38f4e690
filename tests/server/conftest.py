"""Fixtures of the server tests: every API test runs on SQLite AND on a real PostgreSQL.

Fresh databases are cheap: the schema is migrated once per session into a template (a SQLite
file that is copied, a PostgreSQL database that is cloned with CREATE DATABASE ... TEMPLATE),
so each test starts from an empty, migrated database in milliseconds.
"""

from __future__ import annotations

import shutil
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from server.api.app import create_app
from server.config import ServerSettings
from server.db import Database, migrate
from server.enrollment import create_code
from server.models import Base
from server.object_storage import S3Storage
from server.storage import AttachmentStorage
from server.storage_choice import open_storage
from sync import protocol as P
from tests.helpers.postgres import PostgresCluster, postgres_cluster  # noqa: F401 - fixture
from tests.helpers.seaweedfs import SeaweedS3, s3_env, seaweedfs  # noqa: F401 - fixtures

from .builders import OFFICE, Kiosk

with warnings.catch_warnings():
    # WORKAROUND: Starlette 1.x deprecates plain httpx for its TestClient in favour of the
    # httpx2 package, which pyproject does not list yet; the client behaves the same. Drop
    # this once httpx2 is a dev dependency (the warning then never fires).
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "server.sqlite3"
    database = Database(f"sqlite:///{path}")
    migrate(database)
    database.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_shared(postgres_cluster: PostgresCluster) -> Iterator[tuple[str, sa.Engine]]:  # noqa: F811
    """One migrated PostgreSQL database for the session, emptied before each test.

    Emptying (TRUNCATE) takes ~20 ms where CREATE DATABASE ... TEMPLATE takes ~300 ms.
    """
    name = postgres_cluster.create_database()
    url = postgres_cluster.url(name)
    database = Database(url)
    migrate(database)
    database.dispose()
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    yield url, engine
    engine.dispose()


def empty_postgres(engine: sa.Engine) -> None:
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(sa.text("SET LOCAL lock_timeout = '5s'"))
        connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        connection.execute(sa.text("INSERT INTO feed_counter (id, value) VALUES (1, 0)"))
        connection.execute(
            sa.text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, :genesis)"),
            {"genesis": P.AUDIT_GENESIS},
        )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of a migrated, empty database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "server.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url, engine = request.getfixturevalue("postgres_shared")
    empty_postgres(engine)
    return str(url)


@pytest.fixture
def storage_backend() -> str:
    """Where attachments go: "local" here; a module overrides it with params local and s3."""
    return "local"


@pytest.fixture
def settings(
    database_url: str, tmp_path: Path, storage_backend: str, request: pytest.FixtureRequest
) -> ServerSettings:
    storage_url = None
    if storage_backend == "s3":
        server: SeaweedS3 = request.getfixturevalue("s3_env")
        storage_url = server.new_bucket_url()
    return ServerSettings(
        database_url=database_url, data_dir=tmp_path / "server-data", storage_url=storage_url
    )


@pytest.fixture
def database(settings: ServerSettings) -> Iterator[Database]:
    database = Database(settings.database_url)
    yield database
    database.dispose()


@dataclass
class Harness:
    """A server app on a fresh database, with a client and ways to look inside."""

    settings: ServerSettings
    database: Database
    client: Any  # fastapi.testclient.TestClient (an httpx.Client)

    @property
    def storage(self) -> AttachmentStorage:
        return open_storage(self.settings)

    def enroll(self, office: str = OFFICE, name: str = "loket 1") -> Kiosk:
        code = create_code(self.database, office, 72, "test")
        device_id = uuid.uuid4()
        response = self.client.post(
            P.ENROLL_PATH, json={"device_id": str(device_id), "code": code, "device_name": name}
        )
        assert response.status_code == 201, response.text
        return Kiosk(device_id, response.json()["credential"], office)

    def snapshot(self) -> dict[str, Any]:
        """Every row of every table and every stored file: "changed nothing" means equal."""
        tables: dict[str, Any] = {}
        with self.database.engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                rows = connection.execute(sa.select(table)).all()
                tables[table.name] = sorted(repr(tuple(row)) for row in rows)
        return {"tables": tables, "files": self.stored_files()}

    def stored_files(self) -> list[tuple[str, int]]:
        """(name, size) of every stored blob and partial piece, on disk or in the bucket."""
        storage = self.storage
        if isinstance(storage, S3Storage):
            pages = storage.client.get_paginator("list_objects_v2").paginate(
                Bucket=storage.bucket, Prefix=storage.prefix
            )
            return sorted(
                (item["Key"], int(item["Size"]))
                for page in pages
                for item in page.get("Contents", [])
            )
        root = self.settings.attachments_dir
        return sorted(
            (str(p.relative_to(root)), p.stat().st_size) for p in root.rglob("*") if p.is_file()
        )

    def scalar(self, sql: str) -> Any:
        with self.database.engine.connect() as connection:
            return connection.execute(sa.text(sql)).scalar()


def make_harness(settings: ServerSettings, database: Database) -> Iterator[Harness]:
    with TestClient(create_app(settings, database), raise_server_exceptions=True) as client:
        yield Harness(settings, database, client)


@pytest.fixture
def server(settings: ServerSettings, database: Database) -> Iterator[Harness]:
    yield from make_harness(settings, database)


@pytest.fixture
def kiosk(server: Harness) -> Kiosk:
    return server.enroll()
