"""The status bar: online/offline, applications waiting to send, a staged update, last sync,
the offline budget (ui/offline_budget_view.py), low disk space (ui/disk_space_view.py), the
battery (ui/battery_view.py), devices, and "Sinkron sekarang". Counts, the battery and the
releases folder are read off the main thread every few seconds."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.field.battery import BatteryLevel, BatteryReader, read_battery
from kiosk.store.outbox_state import OutboxState
from ui.battery_view import BatteryLabel
from ui.context import AppContext
from ui.disk_space_view import DiskSpaceLabel
from ui.look import ERROR_TEXT_STYLE
from ui.offline_budget_view import OfflineBudgetLabel

REFRESH_MS = 5000
log = logging.getLogger("kiosk.ui")


def staged_update() -> dict[str, str | None]:
    """The version staged for the next start (kiosk/updates/staging.py); it reads files. An
    unreadable releases folder announces nothing and says why."""
    from kiosk.paths import resolve_releases_dir
    from kiosk.updates import Releases
    from sync.distribution import running_version

    try:
        pending = Releases(resolve_releases_dir(), running_version()).state().pending
    except OSError as exc:
        return {"update": None, "update_problem": str(exc)}
    return {"update": pending, "update_problem": None}


class SyncBridge(QObject):
    """Carries reports from the sync thread to the main thread (queued signal)."""

    report = Signal(object)


class StatusBarWidget(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        # Two lines: the link and the queue above, the last sync and the offline budget below;
        # all of it on one line needs more than a 1024 px wide screen has. The battery and the
        # devices go where they fit whole (`_place_devices`): at 1024 px the lower line has no
        # room for the devices ("Printer: tid" was cut) nor the upper for a battery warning.
        rows = QVBoxLayout(self)
        rows.setContentsMargins(4, 0, 4, 0)
        rows.setSpacing(0)
        layout, details = QHBoxLayout(), QHBoxLayout()
        layout.setSpacing(12)
        details.setSpacing(12)
        rows.addLayout(layout)
        rows.addLayout(details)
        self.link = QLabel()
        self.link.setObjectName("link")
        self.waiting = QLabel()
        self.waiting.setObjectName("waiting")
        self.last_sync = QLabel()
        self.devices = QLabel()
        self.attention = QLabel()
        self.attention.setStyleSheet(ERROR_TEXT_STYLE)
        self.update_notice = QLabel()
        self.update_notice.setObjectName("update-notice")
        self.send_now = QPushButton()
        self.send_now.clicked.connect(self._send_now)
        for widget in (self.link, self.waiting, self.attention, self.update_notice):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.send_now)
        self.budget = OfflineBudgetLabel()
        self.disk = DiskSpaceLabel()
        self.battery = BatteryLabel()
        self.read_battery: BatteryReader = read_battery
        """Where the battery state comes from (tests put their own)."""
        layout.insertWidget(layout.count() - 2, self.battery)  # the lower line is full
        for widget in (self.last_sync, self.budget, self.disk, self.devices):
            details.addWidget(widget)
        details.addStretch(1)
        self.lines = (layout, details, QHBoxLayout())
        self.lines[2].setSpacing(12)
        self.lines[2].addStretch(1)
        rows.addLayout(self.lines[2])
        self.online: bool | None = None
        self.started = datetime.now(UTC)
        self.feedback = QLabel()
        self.feedback.setObjectName("sync-feedback")
        layout.insertWidget(layout.count() - 1, self.feedback)
        self.state: dict[str, Any] = {}
        self.bridge = SyncBridge(self)
        self.bridge.report.connect(self._on_report)
        self.timer = QTimer(self, interval=REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.retranslate()
        context.when_store_open(self._store_opened)

    def _store_opened(self) -> None:
        """The counts exist once the store is open; sync starts after it (the demo server
        first), and reports from then on."""
        self.timer.start()
        self.refresh()
        self.context.when_sync_known(self._sync_known)

    def _sync_known(self) -> None:
        if self.context.sync is not None:
            self.context.sync.listeners.append(self.bridge.report.emit)
        self.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._place_devices()

    def _place_devices(self) -> None:
        """The battery before the button on the upper line, else at the end of the lower one;
        the devices summary at the end of the lower line, else before the button on the upper
        one; either else on a line of its own: never cut off (at 1024 px the low-battery
        warning was cut to "c"). Called on a resize and after the texts change (never from a
        layout request: moving it would request another)."""
        upper, lower, _third = self.lines
        self._place(self.battery, (upper, lower))
        self._place(self.devices, (lower, upper))

    def _place(self, moving: QLabel, choices: tuple[QHBoxLayout, QHBoxLayout]) -> None:
        room = self.width() - 8  # the margins

        def used(line: QHBoxLayout) -> int:
            items = (line.itemAt(i) for i in range(line.count()))
            widgets = (item.widget() for item in items if item is not None)
            shown = [
                w
                for w in widgets
                if w is not None and w is not moving and not w.isHidden()
                if w.sizeHint().width() > 0
            ]
            return sum(w.sizeHint().width() + line.spacing() for w in shown)

        needed = moving.sizeHint().width()
        upper, third = self.lines[0], self.lines[2]
        line = next((x for x in choices if used(x) + needed <= room), third)
        if line.indexOf(moving) >= 0:
            return
        for other in self.lines:
            other.removeWidget(moving)
        if line is upper:  # right-aligned, before the feedback and the button
            line.insertWidget(line.indexOf(self.feedback), moving)
        else:  # before the stretch that ends the line
            line.insertWidget(line.count() - 1, moving)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        store, read_battery = self.context.store, self.read_battery

        def read() -> dict[str, Any]:
            return {
                "battery": read_battery(),
                **store.outbox.counts(),
                "last_success": store.state.last_success(),
                "budget": store.offline_budget.status(),
                "disk": store.drafts.disk.status(),
                **staged_update(),
            }

        self.context.tasks.run(read, on_done=self._update)

    def _update(self, state: dict[str, Any]) -> None:
        problem = state.get("update_problem")
        if problem and problem != self.state.get("update_problem"):  # once, not every refresh
            log.warning("could not read the releases folder: %s", problem)
        self.state = state
        self.budget.show_status(state.get("budget"))
        self.disk.show_status(state.get("disk"))
        self._show_battery(state.get("battery"))
        last = state.get("last_success")
        if self.online is None and last is not None and last >= self.started:
            self.online = True  # a sync has succeeded since start: the link is there
        self.retranslate()

    def _show_battery(self, reading: Any) -> None:
        """Below 5 % the open draft is saved at once, once per drop (not every refresh)."""
        was = self.battery.level
        self.battery.show_reading(reading)
        if self.battery.level is BatteryLevel.CRITICAL and was is not BatteryLevel.CRITICAL:
            screens = getattr(self.window(), "screens", {})
            autosave = getattr(screens.get("wizard"), "autosave", None)
            if autosave is not None:
                log.info("battery below 5 %%: saving the open draft")
                autosave.save_now()

    def _on_report(self, report: Any) -> None:
        self.online = not report.offline
        self.feedback.clear()
        self.refresh()

    def _send_now(self) -> None:
        if self.context.sync is None:
            self.open_enrollment()
            return
        self.context.sync.poke(force=True)
        if self.online is False:
            text = self.tr("Luring: dicoba lagi sekarang; data tetap aman di perangkat.")
        else:
            text = self.tr("Menyinkronkan…")
        self.feedback.setText(text)

    def open_enrollment(self) -> None:
        """Not enrolled: the way forward is the enrollment screen (a supervisor's task)."""
        from ui.screens.enrollment_dialog import EnrollmentDialog

        dialog = EnrollmentDialog(self.context, self.window())
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def retranslate(self) -> None:
        pending = self.context.sync_pending
        if pending:
            self.link.setText(self.tr("Memeriksa jaringan..."))
        elif self.context.sync is None:
            self.link.setText(self.tr("Belum terhubung ke server"))
        elif self.online is None:
            self.link.setText(self.tr("Memeriksa jaringan..."))
        elif self.online:
            self.link.setText("● " + self.tr("Daring"))
        else:
            self.link.setText("○ " + self.tr("Luring (data aman, dikirim nanti)"))
        waiting = self.state.get(OutboxState.PENDING, 0) + self.state.get(OutboxState.SENDING, 0)
        self.waiting.setText(self.tr("Menunggu dikirim: %n", "", waiting))
        attention = self.state.get(OutboxState.NEEDS_ATTENTION, 0)
        self.attention.setText(self.tr("Perlu tindakan: %n", "", attention) if attention else "")
        update = self.state.get("update")
        self.update_notice.setText(
            self.tr("Pembaruan %1 siap, dipasang saat mulai ulang").replace("%1", update)
            if update
            else ""
        )
        last = self.state.get("last_success")
        if last is not None:
            when = last.astimezone()
            self.last_sync.setText(
                self.tr("Sinkron terakhir: %1").replace("%1", f"{when:%d-%m %H:%M}")
            )
        else:
            self.last_sync.setText(self.tr("Belum pernah sinkron"))
        devices = self.context.devices
        summary = devices.summary() if devices is not None and hasattr(devices, "summary") else ""
        self.devices.setText(summary)
        # "Kirim" is the wizard's submit; this button syncs the whole queue.
        self.send_now.setEnabled(not pending)  # until sync has started, there is none to poke
        if self.context.sync is None and not pending:
            self.send_now.setText(self.tr("Daftarkan perangkat…"))
        else:
            self.send_now.setText(self.tr("Sinkron sekarang"))
        self.budget.retranslate()
        self.disk.retranslate()
        self.battery.retranslate()
        self._place_devices()
