"""USB bundles are signed by the device's own key: what the server's database holds (every
credential's SHA-256) cannot make one. Format 1 (a MAC keyed by that hash) is accepted only
from a device that has no signing key registered yet; the first key registered is kept."""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.contract import canonical_json
from server import bundles
from server.enrollment import create_code
from sync import protocol as P
from sync.protocol import bundles as b
from sync.protocol.enrollment import DEVICE_SIGNING_KEY_PATH

from .builders import OFFICE, Kiosk
from .conftest import Harness
from .security_helpers import cli


def enroll(server: Harness, key: Ed25519PrivateKey | None) -> Kiosk:
    body: dict[str, Any] = {
        "device_id": str(uuid.uuid4()),
        "code": create_code(server.database, OFFICE, 72, "test"),
        "device_name": "laptop jemput bola",
    }
    if key is not None:
        body["signing_key"] = b.public_key_hex(key)
    response = server.client.post(P.ENROLL_PATH, json=body)
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer.get("signing_key") == body.get("signing_key")
    return Kiosk(uuid.UUID(body["device_id"]), answer["credential"], OFFICE)


def manifest_bytes(kiosk: Kiosk, bundle_format: str = b.BUNDLE_FORMAT) -> bytes:
    manifest = b.BundleManifest(
        format=bundle_format,  # type: ignore[arg-type]  # one of the two literals
        bundle_id=uuid.uuid4(),
        device_id=kiosk.device_id,
        office_code=kiosk.office_code,
        created_at="2026-11-30T10:00:00+08:00",  # type: ignore[arg-type]  # pydantic parses
        applications=[],
        files=[],
    )
    return canonical_json(manifest.model_dump(mode="json")).encode("utf-8")


def write_bundle(path: Path, manifest: bytes, signature: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(b.MANIFEST_MEMBER, manifest)
        archive.writestr(b.SIGNATURE_MEMBER, signature)
    return path


def signed(path: Path, kiosk: Kiosk, key: Ed25519PrivateKey) -> Path:
    data = manifest_bytes(kiosk)
    return write_bundle(path, data, b.sign_manifest(key, data))


def maced(path: Path, kiosk: Kiosk, credential_sha256: str, fmt: str = b.MAC_BUNDLE_FORMAT) -> Path:
    data = manifest_bytes(kiosk, fmt)
    return write_bundle(path, data, b.bundle_mac(credential_sha256, b.BUNDLE_LABEL, data))


def stored_hash(server: Harness, kiosk: Kiosk) -> str:
    """What anyone who reads the server's devices table knows of the device's credential."""
    value = server.scalar(
        f"SELECT credential_sha256 FROM devices WHERE id = '{kiosk.device_id.hex}'"
        if server.database.engine.dialect.name == "sqlite"
        else f"SELECT credential_sha256 FROM devices WHERE id = '{kiosk.device_id}'"
    )
    assert isinstance(value, str)
    assert len(value) == 64
    return value


def refused(server: Harness, path: Path) -> str:
    before = server.snapshot()
    with pytest.raises(bundles.BundleRefused) as caught:
        bundles.import_bundle(server.database, _no_intake, path, operator_id="supervisor")
    assert server.snapshot() == before
    assert not path.with_name(path.name + b.RECEIPT_SUFFIX).exists()
    return caught.value.detail


def _no_intake(_device: object) -> None:
    pytest.fail("a refused bundle reached the intake")


def audited(server: Harness, action: str) -> int:
    total = 0
    for table in ("audit_events", "audit_pending"):
        total += server.scalar(f"SELECT count(*) FROM {table} WHERE action = '{action}'")
    return total


def test_a_bundle_forged_with_the_stored_credential_hash_is_refused(
    server: Harness, tmp_path: Path
) -> None:
    key = Ed25519PrivateKey.generate()
    kiosk = enroll(server, key)
    known = stored_hash(server, kiosk)
    # Format 1 MAC'd with the hash: refused because the device has a signing key.
    detail = refused(server, maced(tmp_path / "old.bundle", kiosk, known))
    assert "format lama" in detail
    assert "old-format bundle" in detail
    # Format 2 with the MAC where the signature goes: no key the server holds made it.
    detail = refused(server, maced(tmp_path / "new.bundle", kiosk, known, b.BUNDLE_FORMAT))
    assert "tanda tangan tidak cocok" in detail
    assert "signature does not match" in detail
    # Signed, but by another device's key: refused the same way.
    other = signed(tmp_path / "other.bundle", kiosk, Ed25519PrivateKey.generate())
    assert "signature does not match" in refused(server, other)


def test_a_bundle_signed_by_the_device_imports_and_its_receipt_is_keyed_by_its_credential(
    server: Harness, tmp_path: Path
) -> None:
    key = Ed25519PrivateKey.generate()
    kiosk = enroll(server, key)
    path = signed(tmp_path / "good.bundle", kiosk, key)
    report = bundles.import_bundle(server.database, _no_intake, path, operator_id="supervisor")
    assert report.device_id == kiosk.device_id
    assert report.receipt_path is not None
    wrapper = json.loads(report.receipt_path.read_text())
    data = canonical_json(wrapper["receipt"]).encode("utf-8")
    secret = b.secret_of(kiosk.credential)
    assert b.mac_matches(b.credential_hash(secret), b.RECEIPT_LABEL, data, wrapper["mac"])
    assert "mac_next" not in wrapper


def test_a_tampered_signed_manifest_is_refused(server: Harness, tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    kiosk = enroll(server, key)
    data = manifest_bytes(kiosk)
    signature = b.sign_manifest(key, data)
    raw = json.loads(data)
    raw["office_code"] = "51.08.02.2002"
    tampered = write_bundle(
        tmp_path / "tampered.bundle", canonical_json(raw).encode("utf-8"), signature
    )
    assert "signature does not match" in refused(server, tampered)


def test_format_1_is_accepted_only_until_the_device_registers_its_key(
    server: Harness, tmp_path: Path
) -> None:
    kiosk = enroll(server, None)  # an older kiosk: no signing key in its request
    known = stored_hash(server, kiosk)
    old = maced(tmp_path / "old.bundle", kiosk, known)
    assert bundles.verify_bundle(server.database, old).receipt_keys == (known,)
    key = Ed25519PrivateKey.generate()
    early = signed(tmp_path / "early.bundle", kiosk, key)
    assert "does not hold the device's signing key yet" in refused(server, early)

    put = server.client.put(
        DEVICE_SIGNING_KEY_PATH,
        json={"public_key": b.public_key_hex(key)},
        headers=kiosk.headers,
    )
    assert (put.status_code, put.json()) == (200, {"public_key": b.public_key_hex(key)})
    assert audited(server, "device_signing_key_registered") == 1

    assert "old-format bundle" in refused(server, old)
    bundles.verify_bundle(server.database, early)  # now it verifies


def test_the_first_signing_key_is_kept_and_a_second_one_is_refused_and_audited(
    server: Harness,
) -> None:
    key = Ed25519PrivateKey.generate()
    kiosk = enroll(server, key)
    mine = {"public_key": b.public_key_hex(key)}
    again = server.client.put(DEVICE_SIGNING_KEY_PATH, json=mine, headers=kiosk.headers)
    assert (again.status_code, again.json()) == (200, mine)
    stranger = {"public_key": b.public_key_hex(Ed25519PrivateKey.generate())}
    clash = server.client.put(DEVICE_SIGNING_KEY_PATH, json=stranger, headers=kiosk.headers)
    assert clash.status_code == 409, clash.text
    assert "rotate-device" in clash.json()["detail"]
    assert audited(server, "device_signing_key_refused") == 1
    assert audited(server, "device_signing_key_registered") == 0  # given at enrollment
    unauthenticated = server.client.put(DEVICE_SIGNING_KEY_PATH, json=stranger)
    assert unauthenticated.status_code == 401
    held = server.scalar("SELECT signing_key FROM devices")
    assert held == mine["public_key"]


def test_an_older_kiosk_gets_no_signing_key_member_in_its_enrollment_answer(
    server: Harness,
) -> None:
    code = create_code(server.database, OFFICE, 72, "test")
    body = {"device_id": str(uuid.uuid4()), "code": code, "device_name": "loket lama"}
    answer = server.client.post(P.ENROLL_PATH, json=body)
    assert answer.status_code == 201
    assert set(answer.json()) == {"device_id", "office_code", "credential", "api_version"}


def test_a_supervisors_re_enrollment_is_the_one_way_to_replace_the_key(
    server: Harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = Ed25519PrivateKey.generate()
    kiosk = enroll(server, first)
    code, out, err = cli(server, capsys, "rotate-device", str(kiosk.device_id))
    assert code == 0, err
    second = Ed25519PrivateKey.generate()
    body = {
        "device_id": str(kiosk.device_id),
        "code": out.strip(),
        "device_name": "laptop jemput bola",
        "signing_key": b.public_key_hex(second),
    }
    again = server.client.post(P.ENROLL_PATH, json=body)
    assert again.status_code == 201, again.text
    assert again.json()["signing_key"] == b.public_key_hex(second)
    renewed = Kiosk(kiosk.device_id, again.json()["credential"], OFFICE)
    bundles.verify_bundle(server.database, signed(tmp_path / "new.bundle", renewed, second))
    stale = signed(tmp_path / "stale.bundle", renewed, first)
    assert "signature does not match" in refused(server, stale)


def test_while_a_rotated_credential_is_pending_the_receipt_also_verifies_with_it(
    server: Harness, tmp_path: Path
) -> None:
    key = Ed25519PrivateKey.generate()
    kiosk = enroll(server, key)
    rotated = server.client.post(P.CREDENTIAL_ROTATE_PATH, headers=kiosk.headers)
    assert rotated.status_code == 200, rotated.text
    pending = b.credential_hash(b.secret_of(rotated.json()["credential"]))
    path = signed(tmp_path / "b.bundle", kiosk, key)
    report = bundles.import_bundle(server.database, _no_intake, path, operator_id="supervisor")
    assert report.receipt_path is not None
    wrapper = json.loads(report.receipt_path.read_text())
    data = canonical_json(wrapper["receipt"]).encode("utf-8")
    current = b.credential_hash(b.secret_of(kiosk.credential))
    assert b.mac_matches(current, b.RECEIPT_LABEL, data, wrapper["mac"])
    assert b.mac_matches(pending, b.RECEIPT_LABEL, data, wrapper["mac_next"])
