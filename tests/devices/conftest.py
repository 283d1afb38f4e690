"""Generated media shared by the device tests (cached per session: rendering costs time)."""

from __future__ import annotations

from pathlib import Path

import pytest

from resources.demo import media


@pytest.fixture(scope="session")
def clean_ktp() -> media.GeneratedDocument:
    return media.document_photo(3, "ktp")


@pytest.fixture(scope="session")
def clean_kk() -> media.GeneratedDocument:
    return media.document_photo(2, "kk")


@pytest.fixture
def sane_config(tmp_path: Path) -> Path:
    """A SANE config folder whose dll.conf loads only the built-in `test` backend."""
    folder = tmp_path / "sane"
    folder.mkdir()
    (folder / "dll.conf").write_text("test\n")
    return folder
