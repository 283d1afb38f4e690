"""Signed documents: only a genuine envelope of the expected kind from a trusted key passes."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.trust import (
    KIND_DISTRICT_CONFIG,
    KIND_RELEASE,
    TrustedKeys,
    UntrustedDocument,
    b64url,
    raw_public_key,
    sign_document,
)


def trusted(key: Ed25519PrivateKey, **extra: object) -> TrustedKeys:
    return TrustedKeys.from_entries(
        [{"public_key": b64url(raw_public_key(key.public_key())), **extra}]
    )


def test_a_genuine_envelope_gives_its_payload() -> None:
    key = Ed25519PrivateKey.generate()
    envelope = sign_document(key, KIND_RELEASE, {"version": "1.2.3", "size": 10})
    assert trusted(key).verify(envelope, KIND_RELEASE) == {"version": "1.2.3", "size": 10}


def _other_first(text: str) -> str:
    return ("B" if text[0] == "A" else "A") + text[1:]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda e: e["payload"].update(size=11), "Tanda tangan manifes pembaruan tidak sah"),
        # The first character carries six whole bits of the signature's first byte: changing
        # it always changes the bytes (the last ones may carry only padding bits).
        (lambda e: e.update(signature=_other_first(e["signature"])), "tidak sah"),
        (lambda e: e.update(kind=KIND_DISTRICT_CONFIG), "bukan manifes pembaruan"),
        (lambda e: e.update(key_id="0" * 16), "kunci yang tidak dipercaya"),
        (lambda e: e.update(extra=1), "Bentuk manifes pembaruan tidak dikenal"),
        (lambda e: e.update(payload=[1]), "bukan manifes pembaruan"),
    ],
)
def test_a_tampered_envelope_is_refused_in_bahasa_indonesia(
    change: Callable[[dict[str, Any]], None], words: str
) -> None:
    key = Ed25519PrivateKey.generate()
    envelope = sign_document(key, KIND_RELEASE, {"version": "1.2.3", "size": 10})
    change(envelope)
    with pytest.raises(UntrustedDocument, match=words) as refused:
        trusted(key).verify(envelope, KIND_RELEASE)
    assert refused.value.message_en


def test_a_config_signature_never_passes_for_a_release() -> None:
    key = Ed25519PrivateKey.generate()
    config = sign_document(key, KIND_DISTRICT_CONFIG, {"version": 1})
    forged = {**config, "kind": KIND_RELEASE}
    with pytest.raises(UntrustedDocument, match="tidak sah"):
        trusted(key).verify(forged, KIND_RELEASE)


def test_a_key_for_one_purpose_or_past_its_date_is_refused() -> None:
    key = Ed25519PrivateKey.generate()
    envelope = sign_document(key, KIND_RELEASE, {"version": "1"})
    with pytest.raises(UntrustedDocument, match="tidak dipercaya"):
        trusted(key, purposes=[KIND_DISTRICT_CONFIG]).verify(envelope, KIND_RELEASE)
    expiring = trusted(key, not_after="2026-01-31")
    assert expiring.verify(envelope, KIND_RELEASE, today=date(2026, 1, 31))
    with pytest.raises(UntrustedDocument, match="kedaluwarsa"):
        expiring.verify(envelope, KIND_RELEASE, today=date(2026, 2, 1))


def test_rotation_two_keys_are_trusted_at_once(tmp_path: Path) -> None:
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    path = tmp_path / "trusted_keys.json"
    entries = [{"public_key": b64url(raw_public_key(k.public_key()))} for k in (old, new)]
    path.write_text(json.dumps({"keys": entries}))
    keys = TrustedKeys.load(path)
    for key in (old, new):
        assert keys.verify(sign_document(key, KIND_RELEASE, {"v": 1}), KIND_RELEASE) == {"v": 1}


def test_a_damaged_trusted_keys_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "trusted_keys.json"
    path.write_text('{"keys": [{"public_key": "short"}]}')
    with pytest.raises(UntrustedDocument, match="Daftar kunci tepercaya rusak"):
        TrustedKeys.load(path)
