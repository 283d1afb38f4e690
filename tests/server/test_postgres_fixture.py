"""The throwaway PostgreSQL fixture itself: fast, isolated, and never a silent skip in CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import postgres
from tests.helpers.postgres import PostgresCluster


@pytest.mark.postgres
def test_the_cluster_starts_quickly_and_serves_sql(postgres_cluster: PostgresCluster) -> None:
    assert postgres_cluster.startup_seconds < 10
    assert postgres_cluster.psql("SHOW listen_addresses") == "127.0.0.1"
    assert (
        postgres_cluster.psql("SELECT current_setting('server_version_num')::int >= 150000") == "t"
    )
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root: the fixture hands the cluster to `postgres`.
        assert postgres_cluster.data_dir.stat().st_uid != 0


@pytest.mark.postgres
def test_databases_are_created_and_dropped(postgres_cluster: PostgresCluster) -> None:
    name = postgres_cluster.create_database()
    assert postgres_cluster.psql("SELECT 1", database=name) == "1"
    postgres_cluster.drop_database(name)
    assert (
        postgres_cluster.psql(f"SELECT count(*) FROM pg_database WHERE datname = '{name}'") == "0"
    )


def test_missing_postgresql_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres, "find_bin_dir", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run"):
        postgres.require_bin_dir()


def test_missing_postgresql_skips_visibly_on_a_developer_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(postgres, "find_bin_dir", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="PostgreSQL"):
        postgres.require_bin_dir()


def test_the_installed_binaries_are_found() -> None:
    found = postgres.find_bin_dir()
    if found is None and not os.environ.get("CI"):
        pytest.skip("PostgreSQL is not installed here")
    assert found is not None
    assert (Path(found) / "initdb").exists()
