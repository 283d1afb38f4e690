"""Fixtures for the wizard's GUI tests: a signed-in operator, fake devices with generated media,
and a shown wizard whose modal dialogs (print preview, file pickers) are replaced."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from devices.camera import FakeCamera
from devices.checks import check_document
from devices.scanner import FakeScanner
from kiosk.accounts import Operator, Role
from resources.demo import media, selfies
from tests.ui.wizard.driver import FakeDialogs, close_wizard, open_wizard
from ui.context import AppContext
from ui.devices_setup import DeviceSet
from ui.screens.wizard.screen import WizardScreen

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _nothing_left_behind(qapp: QApplication) -> Iterator[None]:
    """After each test: no camera or check thread alive, no window still shown."""
    yield
    threads = [t.name for t in threading.enumerate() if t.name.startswith("kiosk-camera")]
    assert threads == [], f"threads left running: {threads}"
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert shown == [], f"windows left open: {shown}"


@dataclass(frozen=True)
class Media:
    cards: list[np.ndarray]
    faces: list[np.ndarray]
    pages: list[np.ndarray]


@pytest.fixture(scope="session")
def wizard_media() -> Media:
    """Generated once per run: rendering desks, pages and faces costs seconds. The camera plays
    KK-sized pages (the wizard photographs pages with it; a KTP card offered for a page is
    `wrong_document`), only frames in which the page is found clean, so the shutter is
    offered; the scanner's pages are other photos (the same image twice is `same_image`)."""
    cards = [
        f
        for f in (media.document_photo(seed, "kk").image for seed in (8, 11, 14, 17))
        if check_document(f)[0].ok
    ]
    return Media(
        cards=cards,
        faces=[selfies.selfie("clean", seed) for seed in range(2)],
        pages=[media.document_photo(2, "kk").image, media.document_photo(5, "kk").image],
    )


@pytest.fixture
def fake_devices(wizard_media: Media) -> DeviceSet:
    return DeviceSet(
        camera=FakeCamera(wizard_media.cards, fps=30),
        selfie_camera=FakeCamera(wizard_media.faces, fps=30),
        scanner=FakeScanner(wizard_media.pages),
        demo=True,
    )


@pytest.fixture
def counter(context: AppContext, fake_devices: DeviceSet) -> AppContext:
    """The context of a counter with operator `petugas1` signed in."""
    context.operator = Operator("petugas1", "Petugas Satu", Role.PETUGAS)
    context.devices = fake_devices
    return context


@dataclass(frozen=True)
class Accounts:
    """Real accounts in the counter's store, for approvals typed into the dialog."""

    supervisor: tuple[str, str]
    petugas: tuple[str, str]


@pytest.fixture
def accounts(counter: AppContext) -> Accounts:
    """Supervisor `siti` and petugas `petugas1` (the one signed in), with passwords."""
    store_accounts = counter.store.accounts
    boss = store_accounts.create("siti", "Siti Rahma", "rahasia-siti", Role.SUPERVISOR)
    store_accounts.create(
        "petugas1", "Petugas Satu", "rahasia-petugas", Role.PETUGAS, created_by=boss
    )
    return Accounts(("siti", "rahasia-siti"), ("petugas1", "rahasia-petugas"))


@pytest.fixture
def dialogs(tmp_path: Path) -> FakeDialogs:
    return FakeDialogs(tmp_path / "dialogs")


@pytest.fixture
def wizard(qtbot: QtBot, counter: AppContext, dialogs: FakeDialogs) -> Iterator[WizardScreen]:
    screen = open_wizard(qtbot, counter, dialogs)
    yield screen
    close_wizard(screen, counter)
