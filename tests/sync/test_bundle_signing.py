"""The laptop's side of signed bundles, against a real server process: enrolling registers the
device's signing key and `bundle export` signs with it; a laptop enrolled before signing keys
exports the transitional MAC'd format until its next sync pass registers the key, after which
the server refuses that format for it. The private key is kept encrypted, like the credential."""

from __future__ import annotations

import base64
import json
import subprocess
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
import requests

from kiosk.local_store import Store
from kiosk.store import machine_state as ms
from sync import enrollment, signing_key
from sync.bundle import BundleError, export_bundle, read_receipt
from sync.engine import SyncEngine
from sync.protocol import ENROLL_PATH
from sync.protocol import bundles as b
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.processes import ServerProcess

from .conftest import OFFICE


def manifest_of(path: Path) -> tuple[dict[str, Any], bytes, str]:
    with zipfile.ZipFile(path) as archive:
        data = archive.read(b.MANIFEST_MEMBER)
        signature = archive.read(b.SIGNATURE_MEMBER).decode()
    return json.loads(data), data, signature


def server_import(server: ServerProcess, path: Path) -> tuple[int, str]:
    done = subprocess.run(
        server.command("bundle", "import", str(path), "--json"),
        capture_output=True,
        text=True,
        env=server.env,
        timeout=120,
    )
    return done.returncode, done.stdout + done.stderr


def test_an_enrolled_laptop_signs_its_bundles_with_a_key_the_server_holds(
    enrolled: Store, server: ServerProcess, tmp_path: Path
) -> None:
    assert signing_key.is_registered(enrolled)
    report = export_bundle(enrolled, tmp_path / "b.bundle")
    assert report.signed
    manifest, data, signature = manifest_of(report.path)
    assert manifest["format"] == b.BUNDLE_FORMAT
    assert b.signature_matches(signing_key.public_key(enrolled), data, signature)
    code, out = server_import(server, report.path)
    assert code == 0, out
    # The private key is at rest only encrypted with the device key, as the credential.
    sealed = base64.b64decode(enrolled.state.get(ms.SIGNING_KEY))
    raw = signing_key.signing_key(enrolled).private_bytes_raw()
    assert raw not in sealed
    assert raw not in (enrolled.data_dir / "kiosk.sqlite3").read_bytes()


def enroll_as_an_older_kiosk(store: Store, server: ServerProcess, proxy: FaultProxy) -> None:
    """What an older version left in the data dir: a credential, no signing key on the server."""
    device = enrollment.device_id(store)
    body = {"device_id": device, "code": server.enrollment_code(OFFICE), "device_name": "lama"}
    answer = requests.post(proxy.url + ENROLL_PATH, json=body, timeout=10)
    assert answer.status_code == 201, answer.text
    store.state.set(ms.SERVER_URL, proxy.url)
    store.state.set(ms.OFFICE_CODE, answer.json()["office_code"])
    enrollment._save_credential(store, answer.json()["credential"])


def test_an_older_enrollment_exports_the_mac_until_a_sync_registers_its_key(
    store: Store, server: ServerProcess, proxy: FaultProxy, tmp_path: Path
) -> None:
    enroll_as_an_older_kiosk(store, server, proxy)
    assert not signing_key.is_registered(store)
    old = export_bundle(store, tmp_path / "old.bundle")
    assert not old.signed
    assert manifest_of(old.path)[0]["format"] == b.MAC_BUNDLE_FORMAT
    code, out = server_import(server, old.path)
    assert code == 0, out  # accepted: the server holds no key for this device yet

    report = SyncEngine(store).run_once()
    assert report.errors == []
    assert signing_key.is_registered(store)
    new = export_bundle(store, tmp_path / "new.bundle")
    assert new.signed
    code, out = server_import(server, new.path)
    assert code == 0, out
    code, out = server_import(server, old.path)
    assert code != 0
    assert "format lama" in out
    assert "old-format bundle" in out


def test_a_lost_registration_answer_is_healed_at_the_next_pass(
    enrolled: Store, tmp_path: Path
) -> None:
    enrolled.state.set(ms.SIGNING_KEY_REGISTERED, "")  # as if the answer never arrived
    assert not export_bundle(enrolled, tmp_path / "a.bundle").signed
    assert SyncEngine(enrolled).run_once().errors == []  # the same key again: a no-op
    assert export_bundle(enrolled, tmp_path / "b.bundle").signed


def test_a_data_dir_with_another_key_is_refused_by_the_server(
    enrolled: Store, tmp_path: Path
) -> None:
    enrolled.state.set(ms.SIGNING_KEY, "")  # the key lost: a new one is made on next use
    enrolled.state.set(ms.SIGNING_KEY_REGISTERED, "")
    report = SyncEngine(enrolled).run_once()
    assert report.errors == ["invalid_request"]  # 409: the server keeps the first key
    assert not signing_key.is_registered(enrolled)
    assert not export_bundle(enrolled, tmp_path / "c.bundle").signed


def test_a_receipt_verifies_with_either_mac_the_server_wrote(
    enrolled: Store, server: ServerProcess, tmp_path: Path
) -> None:
    """The server writes `mac_next` while a rotated credential is pending: the laptop holds
    one of the two secrets, and takes the receipt with whichever it holds."""
    bundle = export_bundle(enrolled, tmp_path / "b.bundle").path
    code, out = server_import(server, bundle)
    assert code == 0, out
    path = bundle.with_name(bundle.name + b.RECEIPT_SUFFIX)
    wrapper = json.loads(path.read_text())
    wrapper["mac_next"], wrapper["mac"] = wrapper["mac"], "0" * 64
    path.write_text(json.dumps(wrapper))
    assert read_receipt(enrolled, path).device_id == uuid.UUID(enrollment.device_id(enrolled))
    wrapper["mac_next"] = "0" * 64
    path.write_text(json.dumps(wrapper))
    with pytest.raises(BundleError, match="tidak sah"):
        read_receipt(enrolled, path)
