"""A staged update is shown to staff in the status bar (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ui.context import AppContext
from ui.status_bar import StatusBarWidget


@pytest.fixture
def releases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "releases"
    folder.mkdir()
    monkeypatch.setenv("KIOSK_RELEASES_DIR", str(folder))
    monkeypatch.setenv("KIOSK_RUNNING_VERSION", "0.2.0")
    return folder


def open_bar(qtbot: QtBot, context: AppContext) -> StatusBarWidget:
    bar = StatusBarWidget(context)
    qtbot.addWidget(bar)
    bar.timer.stop()
    return bar


def test_a_staged_update_shows_until_it_is_installed(
    qtbot: QtBot, context: AppContext, releases: Path
) -> None:
    bar = open_bar(qtbot, context)
    bar.refresh()
    qtbot.waitUntil(lambda: "last_success" in bar.state)
    assert bar.update_notice.text() == ""  # nothing staged: nothing said
    (releases / "pending").write_text("0.3.0\n")
    bar.refresh()
    qtbot.waitUntil(lambda: bar.update_notice.text() != "")
    assert bar.update_notice.text() == "Pembaruan 0.3.0 siap, dipasang saat mulai ulang"
    context.languages.set_language("en")
    qtbot.waitUntil(
        lambda: bar.update_notice.text() == "Update 0.3.0 ready, installed at the next start"
    )
    (releases / "pending").unlink()  # the launcher took it at the next start
    bar.refresh()
    qtbot.waitUntil(lambda: bar.update_notice.text() == "")


def test_an_unreadable_releases_folder_says_nothing_and_breaks_nothing(
    qtbot: QtBot,
    context: AppContext,
    releases: Path,
    expected_warnings: set[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    expected_warnings.add("kiosk.ui")
    (releases / "pending").mkdir()  # not a file: the state cannot be read
    bar = open_bar(qtbot, context)
    for _refresh in range(2):
        bar.refresh()
        context.tasks.wait()
        qtbot.waitUntil(lambda: "last_success" in bar.state)
        qtbot.wait(20)
    assert bar.update_notice.text() == ""
    assert bar.waiting.text() == "Menunggu dikirim: 0"
    said = [r for r in caplog.records if "could not read the releases folder" in r.getMessage()]
    assert len(said) == 1  # said once, not at every refresh
