"""The "Tentang" screen shows the version, a staged update and the district configuration
actually installed, in both languages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pytestqt.qtbot import QtBot

from kiosk.district_config import DistrictConfigStore
from kiosk.trust import KIND_DISTRICT_CONFIG, TrustedKeys, b64url, raw_public_key, sign_document
from ui.context import AppContext
from ui.screens.about import AboutScreen


def test_about_shows_version_pending_update_and_config(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_RELEASES_DIR", str(tmp_path / "releases"))
    monkeypatch.setenv("KIOSK_RUNNING_VERSION", "0.3.0")
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "pending").write_text("0.4.0\n")
    key = Ed25519PrivateKey.generate()
    trusted = TrustedKeys.from_entries([{"public_key": b64url(raw_public_key(key.public_key()))}])
    store = context.store
    store.district_config = DistrictConfigStore(store.data_dir, trusted)
    payload = {"version": 7, "published_at": datetime.now(UTC).isoformat()}
    installed = store.district_config.install(sign_document(key, KIND_DISTRICT_CONFIG, payload))
    assert installed is not None
    screen = AboutScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    qtbot.waitUntil(lambda: screen.info is not None)
    text = screen.body.text()
    assert "Versi aplikasi" in text
    assert "0.3.0" in text
    assert "0.4.0" in text
    assert "<td>7</td>" in text
    context.languages.set_language("en")
    qtbot.waitUntil(lambda: "App version" in screen.body.text())
    assert "District configuration" in screen.body.text()
