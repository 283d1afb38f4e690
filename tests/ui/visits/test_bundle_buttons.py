"""The USB bundle buttons of the field profile: the export runs off the GUI thread and names the
file it wrote; no stick, a full stick and a receipt that is not this device's each get a clear
message and change nothing; a genuine receipt acknowledges the applications."""

from __future__ import annotations

import errno
import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from kiosk.contract import canonical_json
from kiosk.store import machine_state as ms
from kiosk.store.clock import utcnow
from sync import enrollment
from sync.enrollment import device_id
from sync.protocol import bundles as b
from tests.helpers.applications import ktp_el_hilang
from tests.helpers.sealing import new_server_key
from ui.context import AppContext
from ui.screens.visits import VisitsScreen
from ui.screens.visits_bundle import BundleBox

pytestmark = pytest.mark.gui
SECRET = "rahasia-perangkat-uji"


@pytest.fixture
def enrolled(field: AppContext) -> AppContext:
    """Enrolled with a server that is never asked (the bundle travels on the stick); two
    applications queued and sealed to the server's key."""
    store = field.store
    store.state.set(ms.SERVER_URL, "http://127.0.0.1:9")
    store.state.set(ms.OFFICE_CODE, "35.78.01")
    enrollment._save_credential(store, f"{device_id(store)}.{SECRET}")
    key = new_server_key()
    store.state.set_seal_key(key.key_id, key.public_b64)
    for serial in (1, 2):
        store.submission.submit(ktp_el_hilang(serial))
    return field


def open_box(qtbot: QtBot, context: AppContext) -> BundleBox:
    screen = VisitsScreen(context)
    qtbot.addWidget(screen)
    return screen.bundle


def press(qtbot: QtBot, box: BundleBox, name: str) -> None:
    button = box.export_button if name == "bundle-export" else box.ack_button
    assert button.objectName() == name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.running, timeout=20_000)


def receipt_for(context: AppContext, bundle: Path, *, key: str | None = None) -> Path:
    """What `kiosk-server bundle import` writes for the stick: every application received."""
    with zipfile.ZipFile(bundle) as archive:
        manifest = json.loads(archive.read(b.MANIFEST_MEMBER))
    receipt = b.BundleReceipt(
        bundle_id=manifest["bundle_id"],
        device_id=manifest["device_id"],
        imported_at=utcnow(),
        received=[
            b.ReceiptEntry(
                application_id=a["application_id"], version=a["version"], number=a["number"]
            )
            for a in manifest["applications"]
        ],
        audit_last_seq=0,
        audit_last_hash="",
    ).model_dump(mode="json")
    mac_key = key or b.credential_hash(SECRET)
    mac = b.bundle_mac(mac_key, b.RECEIPT_LABEL, canonical_json(receipt).encode("utf-8"))
    path = bundle.with_name(bundle.name + b.RECEIPT_SUFFIX)
    path.write_text(json.dumps({"receipt": receipt, "mac": mac}), encoding="utf-8")
    return path


def exported(qtbot: QtBot, context: AppContext, tmp_path: Path) -> tuple[BundleBox, Path]:
    """What waits exported, by the button, onto a stick (a folder): the box and the stick."""
    stick = tmp_path / "usb"
    stick.mkdir()
    box = open_box(qtbot, context)
    box.ask_folder = lambda: str(stick)
    press(qtbot, box, "bundle-export")
    return box, stick


def unacknowledged(context: AppContext) -> int:
    return len(context.store.outbox.unacknowledged())


def test_export_names_the_file_and_a_genuine_receipt_acknowledges(
    qtbot: QtBot, enrolled: AppContext, tmp_path: Path
) -> None:
    box, stick = exported(qtbot, enrolled, tmp_path)
    written = list(stick.glob("bundel-*.bundle"))
    assert len(written) == 1
    assert box.result.text() == (
        f"Bundel ditulis: {written[0]} (2 permohonan). Bawa ke kantor untuk diimpor."
    )
    exports = [e for e in enrolled.store.audit.entries() if e["action"] == "bundle_export"]
    assert [e["operator"] for e in exports] == ["tim1"]
    assert unacknowledged(enrolled) == 2  # exporting alone acknowledges nothing

    box.ask_receipt = lambda: str(receipt_for(enrolled, written[0]))
    press(qtbot, box, "bundle-ack")
    assert box.result.text() == (
        "Tanda terima diambil: 2 permohonan diterima server (0 sudah sebelumnya)."
    )
    assert unacknowledged(enrolled) == 0


def test_no_stick_says_so_and_writes_nothing(
    qtbot: QtBot, enrolled: AppContext, tmp_path: Path
) -> None:
    box = open_box(qtbot, enrolled)
    gone = tmp_path / "media" / "FLASHDISK"
    box.ask_folder = lambda: str(gone)
    press(qtbot, box, "bundle-export")
    assert box.result.text().startswith(f"Flashdisk tidak ditemukan di {gone}; colokkan")
    assert not gone.exists()
    assert box.export_button.isEnabled()
    assert unacknowledged(enrolled) == 2


def test_a_full_stick_says_so_and_leaves_no_half_file(
    qtbot: QtBot, enrolled: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()

    def full(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    box = open_box(qtbot, enrolled)
    box.ask_folder = lambda: str(stick)
    press(qtbot, box, "bundle-export")
    text = box.result.text()
    assert text.startswith("Bundel tidak dapat ditulis ke ")
    assert "No space left on device; periksa flashdisk (penuh? terkunci?)" in text
    assert "Tidak ada data yang hilang." in text
    assert list(stick.iterdir()) == []
    assert unacknowledged(enrolled) == 2


@pytest.mark.parametrize("wrong", ["not-json", "other-device", "missing"])
def test_a_wrong_receipt_is_refused_and_changes_nothing(
    qtbot: QtBot, enrolled: AppContext, tmp_path: Path, wrong: str
) -> None:
    box, stick = exported(qtbot, enrolled, tmp_path)
    bundle = next(stick.glob("bundel-*.bundle"))
    if wrong == "not-json":
        receipt = tmp_path / "foto.jpg.receipt.json"
        receipt.write_bytes(b"\xff\xd8\xff\xe0 not a receipt")
        expected = "Berkas tanda terima rusak atau bukan tanda terima bundel."
    elif wrong == "other-device":
        receipt = receipt_for(enrolled, bundle, key=b.credential_hash(str(uuid.uuid4())))
        expected = "Tanda terima tidak sah: diubah, atau dibuat untuk perangkat lain"
    else:
        receipt = tmp_path / "hilang.receipt.json"
        expected = f"Berkas tanda terima {receipt} tidak ada."
    box.ask_receipt = lambda: str(receipt)
    press(qtbot, box, "bundle-ack")
    assert box.result.text().startswith(expected)
    assert box.result.text().endswith("Tidak ada yang berubah.")
    assert unacknowledged(enrolled) == 2


def test_cancelled_dialogs_do_nothing(qtbot: QtBot, enrolled: AppContext) -> None:
    box = open_box(qtbot, enrolled)
    box.ask_folder = lambda: ""
    box.ask_receipt = lambda: ""
    box.export_button.click()  # the count first (a worker), then the folder dialog
    qtbot.waitUntil(lambda: not box.running)
    box.ack_button.click()
    assert not box.running
    assert box.result.text() == ""


def test_with_nothing_waiting_no_file_is_written_and_no_folder_asked(
    qtbot: QtBot, enrolled: AppContext, tmp_path: Path
) -> None:
    box, stick = exported(qtbot, enrolled, tmp_path)
    box.ask_receipt = lambda: str(receipt_for(enrolled, next(stick.glob("bundel-*.bundle"))))
    press(qtbot, box, "bundle-ack")
    assert unacknowledged(enrolled) == 0
    asked: list[str] = []
    box.ask_folder = lambda: asked.append("folder") or str(stick)  # type: ignore[func-returns-value]
    press(qtbot, box, "bundle-export")
    assert box.result.text() == (
        "Tidak ada permohonan yang perlu dibawa; tidak ada berkas yang ditulis."
    )
    assert asked == []
    assert len(list(stick.glob("bundel-*.bundle"))) == 1
    assert box.export_button.isEnabled()


def test_the_file_dialogs_open_in_the_home_folder_without_a_stick(
    qtbot: QtBot, field: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not the working directory (the source tree, in the review); /media/$USER/* first."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr("ui.dialog_folder.MEDIA_ROOTS", ())
    opened: list[str] = []

    def open_file(_parent: object, _title: str, folder: str, _filter: str) -> tuple[str, str]:
        opened.append(folder)
        return "", ""

    def open_folder(_parent: object, _title: str, folder: str) -> str:
        opened.append(folder)
        return ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_file)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", open_folder)
    screen = VisitsScreen(field)
    qtbot.addWidget(screen)
    assert screen.ask_open_path() == ""
    assert screen.bundle.ask_folder() == ""
    assert screen.bundle.ask_receipt() == ""
    assert opened == [str(home)] * 3
