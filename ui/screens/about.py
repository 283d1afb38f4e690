"""The "Tentang" (about) screen: the app's version, updates, and the district configuration.

What it shows is read on a worker (`ui/viewmodels/about.py`, the same as `kiosk about`).
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout

from kiosk.paths import resolve_releases_dir
from kiosk.updates import Releases
from sync.distribution import running_version
from ui.context import AppContext
from ui.screens.base import Screen
from ui.viewmodels.about import about_info


def _load(context: AppContext) -> dict[str, Any]:
    return about_info(context.store, Releases(resolve_releases_dir(), running_version()))


class AboutScreen(Screen):
    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        layout = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.body = QLabel(self)
        self.body.setObjectName("about_body")
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)
        self.info: dict[str, Any] | None = None
        self.retranslate()

    def activate(self, **kwargs: Any) -> None:
        self.context.tasks.run(_load, self.context, on_done=self._show)

    def _show(self, info: dict[str, Any]) -> None:
        self.info = info
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Tentang anjungan ini"))
        info = self.info
        if info is None:
            self.body.setText(self.tr("Memuat..."))
            return
        update, config, office = info["update"], info["config"], info["office"]
        none = "-"
        rows = [
            (self.tr("Versi aplikasi"), info["version"]),
            (self.tr("Kanal pembaruan"), update["channel"]),
            (self.tr("Pembaruan siap (dipasang saat dibuka ulang)"), update["pending"] or none),
            (self.tr("Versi sebelumnya"), update["previous"] or none),
            (self.tr("Konfigurasi kabupaten"), str(config["version"] or none)),
            (self.tr("Diterbitkan"), config["published_at"] or none),
            (self.tr("Layanan yang tersedia"), str(len(info["services"]))),
        ]
        if office is not None:
            rows.append((self.tr("Kantor"), f"{office['name']} {office['hours']}".strip()))
        for label, problem in (
            (self.tr("Pembaruan ditolak"), update["problem"]),
            (self.tr("Konfigurasi ditolak"), config["problem"]),
        ):
            if problem:
                rows.append((label, problem))
        self.body.setText(
            "<table cellpadding='4'>"
            + "".join(
                f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(str(v))}</td></tr>"
                for k, v in rows
            )
            + "</table>"
        )


def create(context: AppContext) -> AboutScreen:
    return AboutScreen(context)
