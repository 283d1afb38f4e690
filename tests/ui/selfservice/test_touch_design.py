"""Every self-service screen, measured on the real widgets at the two kiosk screen sizes:
touch targets at least 44x44 px, text at least 18 pt, contrast at least 7:1 (WCAG AAA)."""

from __future__ import annotations

from typing import cast

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.settings import Profile
from ui.context import AppContext
from ui.design.tokens import DEFAULT, HIGH_CONTRAST, MIN_TEXT_PT, contrast_ratio
from ui.main_window import MainWindow
from ui.selfservice.session import citizen_session
from ui.selfservice.survey import SurveyScreen

from .measure import problems, visible_parts

SIZES = [(1366, 768), (1920, 1080)]


def kiosk_window(qtbot: QtBot, context: AppContext, size: tuple[int, int]) -> MainWindow:
    context.settings.profile = Profile.SELFSERVICE
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)  # the test screen is smaller: unmaximise
    window.resize(*size)
    window.show()
    qtbot.waitUntil(lambda: window.current == "start")
    return window


def screens_of_the_flow(
    qtbot: QtBot, window: MainWindow, min_pt: float = MIN_TEXT_PT
) -> dict[str, QWidget]:
    """Each self-service screen as the citizen reaches it; pages a later step leaves are
    measured on the way (the caller measures the screens returned)."""
    seen: dict[str, QWidget] = {"start": window.screens["start"]}
    seen["start"].grab()
    window.screens["start"].findChild(QWidget, "choice_survey").click()  # type: ignore[union-attr]
    survey = cast(SurveyScreen, window.screens["survey"])
    assert window.current == "survey"
    survey.grab()
    assert problems(survey, min_pt=min_pt) == [], "survey question"
    for _ in range(9):
        survey.face_buttons[2].click()
    seen["survey suggestion"] = survey
    window.show_screen("start", {})
    window.screens["start"].findChild(QWidget, "choice_status").click()  # type: ignore[union-attr]
    assert window.current == "status"
    seen["status keypad"] = window.screens["status"]
    return seen


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("high_contrast", [False, True])
def test_every_screen_meets_the_touch_text_and_contrast_floors(
    qtbot: QtBot, context: AppContext, size: tuple[int, int], high_contrast: bool
) -> None:
    window = kiosk_window(qtbot, context, size)
    if high_contrast:
        citizen_session(context).toggle_contrast()
    screens = screens_of_the_flow(qtbot, window)
    for name, screen in screens.items():
        screen.grab()
        assert len(visible_parts(screen)) > 5, name
        assert problems(screen) == [], name
    assert window.size().toTuple() == size  # nothing pushed the window past the screen


def test_the_largest_text_still_fits_and_meets_the_floors(
    qtbot: QtBot, context: AppContext
) -> None:
    window = kiosk_window(qtbot, context, SIZES[0])
    session = citizen_session(context)
    session.larger_text()
    session.larger_text()
    for name, screen in screens_of_the_flow(qtbot, window, min_pt=30).items():
        screen.grab()
        assert problems(screen, min_pt=30) == [], name
    assert window.size().toTuple() == SIZES[0]


@pytest.mark.parametrize("theme", [DEFAULT, HIGH_CONTRAST], ids=lambda t: t.name)
def test_every_colour_pair_of_the_design_is_aaa(theme: object) -> None:
    for name, (text, background) in theme.pairs().items():  # type: ignore[attr-defined]
        assert contrast_ratio(text, background) >= 7.0, name


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_the_measure_catches_small_faint_and_tiny(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    faint = QPushButton("Cek status", root)
    faint.setObjectName("faint")
    faint.setStyleSheet(
        "color: #777777; background: #9a9a9a; font-size: 24pt; border: none; min-height: 60px;"
    )
    tiny = QPushButton("x", root)
    tiny.setObjectName("tiny")
    tiny.setFixedSize(30, 30)
    tiny.setStyleSheet("color: #000000; background: #ffffff; font-size: 10pt; border: none;")
    layout.addWidget(faint)
    layout.addWidget(tiny)
    root.resize(400, 200)
    root.show()
    found = {(p.widget, p.what.split()[0]) for p in problems(root)}
    assert ("faint", "contrast") in found
    assert ("tiny", "target") in found
    assert ("tiny", "text") in found
    assert not any(w == "faint" and what != "contrast" for w, what in found), found


def _mouth_ink(name: str) -> int:
    """Painted pixels inside the face below the eyes (the outline circle left out)."""
    import numpy as np
    from PySide6.QtGui import QImage

    from ui.selfservice.icons import icon

    image = icon(name, "#000000").pixmap(64, 64).toImage()
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    alpha = np.frombuffer(image.constBits(), dtype=np.uint32, count=64 * 64).reshape(64, 64) >> 24
    rows, columns = np.mgrid[0:64, 0:64]
    inside = (rows - 32) ** 2 + (columns - 32) ** 2 < 21**2
    return int(((alpha > 128) & inside & (rows >= 31)).sum())


def test_the_very_good_face_is_plainly_happier_than_the_good_one(qtbot: QtBot) -> None:
    """'Baik' and 'Sangat baik' were the same smile a little wider: a wide open laugh now."""
    assert _mouth_ink("face-4") >= 2 * _mouth_ink("face-3")
