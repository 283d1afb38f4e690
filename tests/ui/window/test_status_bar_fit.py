"""The status bar at 1024 px: seen on the demo (enrolled) at 1024x768, "sisa 30 har" and
"Printer: tid", the end of its second line cut off at the window's right edge. With the texts
a day of use shows, every label gets the width its text needs and lies inside the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.status_bar import StatusBarWidget

pytestmark = pytest.mark.gui

DAY_OF_USE = {
    "waiting": "Menunggu dikirim: 12",
    "last_sync": "Sinkron terakhir: 03-12 08:52",
    "budget": "Sejak sinkron: 0 hari · antrean 12 · sisa 30 hari",
    "devices": "Kamera: demo · Pemindai: demo · Printer: tidak ada",
    "battery": "Baterai 64 %",
}


def cut_labels(window: MainWindow, status: StatusBarWidget, where: str) -> list[str]:
    """Labels narrower than their text, or reaching past the window's right edge."""
    problems = []
    for label in status.findChildren(QLabel):
        if not label.isVisibleTo(window) or not label.text():
            continue
        needed = label.fontMetrics().horizontalAdvance(label.text())
        right = label.mapTo(window, QPoint(label.width(), 0)).x()
        if label.width() < max(needed, label.sizeHint().width()) or right > window.width():
            problems.append(
                f"{where}: {label.text()!r} gets {label.width()} of {needed} px, "
                f"ends at {right} of {window.width()}"
            )
    return problems


@pytest.mark.parametrize(
    ("link", "button"),
    [
        ("● Daring", "Sinkron sekarang"),
        ("○ Luring (data aman, dikirim nanti)", "Sinkron sekarang"),
        ("Belum terhubung ke server", "Daftarkan perangkat…"),  # not enrolled: a wider button
    ],
)
def test_the_status_bar_shows_its_texts_whole_at_1024_px(
    qtbot: QtBot, window: MainWindow, link: str, button: str
) -> None:
    status = window.status
    window.show()
    problems = []
    for size in ((1024, 768), (1366, 768), (1024, 768)):
        status.link.setText(link)
        status.send_now.setText(button)
        for name, text in DAY_OF_USE.items():
            label = getattr(status, name)
            label.setText(text)
            label.show()
        window.resize(*size)
        for _ in range(3):
            QApplication.processEvents()
        assert window.width() == size[0]
        problems += cut_labels(window, status, f"{link} at {size[0]} px")
    assert problems == []


@pytest.mark.parametrize(
    "battery",
    [
        "Baterai 12 %: simpan pekerjaan, colokkan pengisi daya",
        "Baterai 4 %: draf sudah disimpan, colokkan pengisi daya sekarang",
        "Battery 4 %: the draft is saved, plug in the charger now",
    ],
)
def test_the_battery_warning_shows_whole_at_1024_px(
    qtbot: QtBot, window: MainWindow, battery: str
) -> None:
    """Seen on the field laptop at 1024x768: "...colokkan pengisi daya" cut to "c"."""
    status = window.status
    window.show()
    problems = []
    for size in ((1024, 768), (1366, 768), (1024, 768)):
        status.link.setText("○ Luring (data aman, dikirim nanti)")
        status.send_now.setText("Daftarkan perangkat…")
        for name, text in {**DAY_OF_USE, "battery": battery}.items():
            label = getattr(status, name)
            label.setText(text)
            label.show()
        window.resize(*size)
        for _ in range(3):
            QApplication.processEvents()
        problems += cut_labels(window, status, f"{battery} at {size[0]} px")
    assert problems == []
