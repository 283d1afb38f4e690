"""The server's sealing keys: created, rotated, published; sealed payloads open with them."""

from __future__ import annotations

import base64
import io
import json
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.errors import InvalidRequest, ServerError
from server.seal_keys import KeyRing, fingerprint, seal
from sync import protocol as P

from .builders import Kiosk
from .conftest import Harness
from .security_helpers import cli

CONTEXT = b"application/6a4e1e0e-6a55-4d8e-9d1c-2f1b0c7a9e01/v1/kk"
PASSPHRASE = "frasa sandi yang panjang"


def public_raw(server: Harness, kiosk: Kiosk) -> tuple[str, bytes]:
    response = server.client.get(P.PUBLIC_KEY_PATH, headers=kiosk.headers)
    assert response.status_code == 200, response.text
    key = P.ServerPublicKey.model_validate(response.json())
    raw = base64.urlsafe_b64decode(key.public_key + "=")
    assert fingerprint(raw) == key.fingerprint
    assert key.algorithm == P.SEAL_ALGORITHM
    return key.key_id, raw


def test_keys_create_publishes_a_key_that_devices_seal_to(
    server: Harness,
    kiosk: Kiosk,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    missing = server.client.get(P.PUBLIC_KEY_PATH, headers=kiosk.headers)
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    code, out, _ = cli(server, capsys, "keys", "create", "--passphrase-stdin")
    assert code == 0
    key_id, raw = public_raw(server, kiosk)
    assert out.strip() == fingerprint(raw)
    code, shown, _ = cli(server, capsys, "keys", "show-public", "--json")
    assert json.loads(shown)["fingerprint"] == out.strip()
    sealed = seal(raw, b'{"nik": "5108014107920001"}', CONTEXT)
    assert b"5108014107920001" not in sealed
    ring = KeyRing(server.settings.seal_keys_dir)
    assert ring.open(sealed, CONTEXT, PASSPHRASE.encode()) == b'{"nik": "5108014107920001"}'
    with pytest.raises(InvalidRequest, match="passphrase"):
        ring.open(sealed, CONTEXT, b"salah")
    with pytest.raises(InvalidRequest, match="passphrase"):
        ring.open(sealed, CONTEXT, None)
    # Files: the directory and the private key are readable by the server's user only.
    directory = server.settings.seal_keys_dir
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    pem = directory / f"{key_id}.pem"
    assert stat.S_IMODE(pem.stat().st_mode) == 0o600
    assert b"ENCRYPTED PRIVATE KEY" in pem.read_bytes()
    assert server.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'seal_key_created'")


def test_rotation_keeps_old_keys_for_old_payloads(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(server, capsys, "keys", "rotate")[0] == 1  # nothing to rotate yet
    assert cli(server, capsys, "keys", "create")[0] == 0
    assert cli(server, capsys, "keys", "create")[0] == 1  # create only once
    old_id, old_raw = public_raw(server, kiosk)
    sealed_before = seal(old_raw, b"lama", CONTEXT)
    assert cli(server, capsys, "keys", "rotate")[0] == 0
    new_id, new_raw = public_raw(server, kiosk)
    assert new_id != old_id
    sealed_after = seal(new_raw, b"baru", CONTEXT)
    ring = KeyRing(server.settings.seal_keys_dir)
    assert ring.open(sealed_before, CONTEXT, None) == b"lama"
    assert ring.open(sealed_after, CONTEXT, None) == b"baru"
    assert [key.key_id for key in ring.list_keys()] == [old_id, new_id]


def test_a_short_passphrase_is_refused(
    server: Harness, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("pendek\n"))
    assert cli(server, capsys, "keys", "create", "--passphrase-stdin")[0] == 2
    assert cli(server, capsys, "keys", "show-public")[0] == 1
    # The district's signing key follows the same rule (server.cli.common).
    monkeypatch.setattr("sys.stdin", io.StringIO("pendek\n"))
    code, _, err = cli(server, capsys, "signing-key", "create", "--passphrase-stdin")
    assert (code, "12+ characters" in err) == (2, True)
    assert not (server.settings.keys_dir / "signing" / "district-signing.pem").exists()


@settings(max_examples=40, deadline=None)
@given(plaintext=st.binary(max_size=4096), context=st.binary(max_size=64), flip=st.integers(0))
def test_sealed_payloads_open_only_intact_and_in_their_context(
    tmp_path_factory: pytest.TempPathFactory, plaintext: bytes, context: bytes, flip: int
) -> None:
    ring = KeyRing(tmp_path_factory.mktemp("seal"))
    key = ring.create(None)
    sealed = seal(key.public_raw, plaintext, context)
    assert ring.open(sealed, context, None) == plaintext
    damaged = bytearray(sealed)
    damaged[flip % len(damaged)] ^= 0x01
    with pytest.raises(ServerError):  # a damaged key id names no key: 404 rather than 400
        ring.open(bytes(damaged), context, None)
    with pytest.raises(InvalidRequest):
        ring.open(sealed, context + b"x", None)
