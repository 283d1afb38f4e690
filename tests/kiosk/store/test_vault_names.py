"""Vault file names reveal no document hash (issue 11, point 1).

The server no longer hands a blob to an office that did not upload it, but a copied data
folder should still not list the SHA-256 of every citizen's scan: files are named by a keyed
digest of the hash, and folders from older versions are renamed when the store opens.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.local_store import Store
from kiosk.store.crypto import DeviceKeys
from kiosk.store.files import write_atomic
from tests.helpers.applications import ktp_el_hilang

SCAN = b"\xff\xd8\xff a KK scan whose hash must not be a file name"


def every_name_under(root: Path) -> str:
    return "\n".join(str(p.relative_to(root)) for p in root.rglob("*"))


def test_no_vault_path_contains_the_plain_hash(data_dir: Path) -> None:
    store = Store.open(data_dir)
    try:
        sha256 = store.core.vault.put(SCAN)
        assert store.core.vault.get(sha256) == SCAN
        names = every_name_under(data_dir)
    finally:
        store.close()
    assert sha256 not in names
    assert sha256[:16] not in names


def test_a_vault_of_an_older_version_is_renamed_and_still_opens(data_dir: Path) -> None:
    store = Store.open(data_dir)
    submitted = store.submission.submit(ktp_el_hilang(1))
    infos = store.records.attachments(submitted.id, 1)
    originals = {info.sha256: store.records.read_attachment(info.sha256) for info in infos}
    store.close()
    # Put every file back the way older versions stored it: named and bound by its hash.
    keys = DeviceKeys.load_or_create(data_dir)
    for path in list((data_dir / "vault").glob("??/*.kv")):
        path.unlink()
    for sha256, data in originals.items():
        legacy = data_dir / "vault" / sha256[:2] / f"{sha256}.bin"
        write_atomic(legacy, keys.encrypt(data, sha256.encode()))

    reopened = Store.open(data_dir)
    try:
        assert {sha: reopened.records.read_attachment(sha) for sha in originals} == originals
        names = every_name_under(data_dir)
    finally:
        reopened.close()
    assert not any(sha256 in names for sha256 in originals)
