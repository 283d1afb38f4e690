"""Suite-wide settings: a headless Qt platform, zero-noise logging and isolated data dirs."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# WORKAROUND: without a platform plugin Qt aborts the whole process; offscreen needs no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
# Tests never touch a developer's real keychain, and every process of a test (CLI children
# included) sees the same "no keyring" machine; keystore tests install an in-memory one.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"


@pytest.fixture(autouse=True)
def _no_unexpected_warning_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fails any test that logs WARNING or worse unless it declares so with `expected_warnings`."""
    caplog.set_level(logging.INFO)
    yield
    allowed: set[str] = getattr(caplog, "allowed_warning_loggers", set())
    bad = [
        record
        for record in caplog.get_records("call")
        if record.levelno >= logging.WARNING and record.name not in allowed
    ]
    assert not bad, "unexpected warning logs: " + "; ".join(
        f"{r.name}: {r.getMessage()}" for r in bad
    )


@pytest.fixture
def expected_warnings(caplog: pytest.LogCaptureFixture) -> set[str]:
    """Names of loggers a test expects to warn; add to the returned set."""
    allowed: set[str] = set()
    caplog.allowed_warning_loggers = allowed  # type: ignore[attr-defined]
    return allowed


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, empty kiosk data dir."""
    path = tmp_path / "data"
    path.mkdir()
    return path
