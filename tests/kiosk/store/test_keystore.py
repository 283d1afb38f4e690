"""The device key: in the OS keyring when there is one, else a private file; never silently
replaced by a new key (that would make every stored application unreadable)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from kiosk.errors import StorageError
from kiosk.local_store import Store
from kiosk.store.keystore import load_or_create_master_key
from tests.helpers.applications import ktp_el_hilang


class MemoryKeyring(KeyringBackend):
    priority = 10

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


@pytest.fixture
def os_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_with_a_keyring_the_key_is_not_in_the_data_dir(
    data_dir: Path, os_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    store = Store.open(data_dir)
    submitted = store.submission.submit(ktp_el_hilang(1))
    store.close()
    assert not (data_dir / "keys" / "device.key").exists()
    assert (data_dir / "keys" / "device.key.location").read_text() == "keyring"
    assert len(os_keyring.values) == 1
    # The same machine and account reopen it fine.
    reopened = Store.open(data_dir)
    assert (
        reopened.records.read_applicant_audited(submitted.id, 1, operator="t")["nik"]
        == "3171011708900002"
    )
    reopened.close()
    # A copy of the folder on another machine (no such keyring entry) cannot be opened.
    stolen = tmp_path / "stolen"
    shutil.copytree(data_dir, stolen)
    os_keyring.values.clear()
    with pytest.raises(StorageError) as info:
        Store.open(stolen)
    assert info.value.code == "device_key_missing"


def test_locked_keyring_is_an_error_not_a_new_key(
    data_dir: Path, os_keyring: MemoryKeyring
) -> None:
    first = load_or_create_master_key(data_dir)
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(StorageError) as info:
        load_or_create_master_key(data_dir)
    assert info.value.code == "device_key_unavailable"
    keyring.set_keyring(os_keyring)
    assert load_or_create_master_key(data_dir) == first


def test_without_a_keyring_a_private_file_is_used(data_dir: Path) -> None:
    key = load_or_create_master_key(data_dir, preference="file")
    path = data_dir / "keys" / "device.key"
    assert path.read_bytes() == key
    assert path.stat().st_mode & 0o777 == 0o600
    assert (data_dir / "keys").stat().st_mode & 0o777 == 0o700
    assert load_or_create_master_key(data_dir) == key


def test_an_existing_key_file_keeps_being_used_when_a_keyring_appears(
    data_dir: Path, os_keyring: MemoryKeyring
) -> None:
    (data_dir / "keys").mkdir()
    (data_dir / "keys" / "device.key").write_bytes(b"k" * 32)
    assert load_or_create_master_key(data_dir) == b"k" * 32
    assert os_keyring.values == {}
