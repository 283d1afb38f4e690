"""Issue 11, point 13: the DOCUMENTS of applications that arrived in clear get sealed too.

Before a sealing key existed, kiosks uploaded documents in clear. When a key is created (or
rotated) every such document is re-encrypted to the district public key: the sealed blob is
written and read back, then the attachment row points at it, and the clear blob is removed
once no clear attachment names it. A run stopped anywhere loses nothing and a new run
finishes the job; the back office opens the documents through the normal sealed path.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path

import pytest

from server.clear_sealing import seal_clear_documents
from server.seal_keys import KeyRing
from server.storage import LocalDiskStorage

from .backoffice_helpers import Backoffice, make_backoffice
from .builders import Application, Document, Kiosk, submit
from .conftest import Harness
from .security_helpers import cli, verify
from .test_sealed_applications import count


def clear_bytes_anywhere(root: Path, documents: list[Document]) -> list[str]:
    """Every file under `root` holding a recognisable slice of a document's clear bytes."""
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            stored = path.read_bytes()
            for doc in documents:
                if doc.data[1000:1064] in stored:
                    found.append(f"{path.relative_to(root)} holds {doc.code}")
    return found


def open_it(
    server: Harness, capsys: pytest.CaptureFixture[str], app: Application, code: str, out: Path
) -> tuple[int, bytes]:
    result, _, err = cli(
        server, capsys, "open-attachment", str(app.application_id), code, "--out", str(out)
    )
    assert result == 0, err
    return result, out.read_bytes()


@pytest.fixture
def opened_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "opened"
    folder.mkdir(mode=0o700)
    return folder


def test_keys_create_seals_the_documents_of_clear_applications(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str], opened_dir: Path
) -> None:
    kk, ktp = Document("kk", os.urandom(5000)), Document("ktp-el", os.urandom(4000))
    first = Application([kk, ktp])
    # The same KK scan in a second application of this office: one shared clear blob.
    second = Application([Document("kk", kk.data)])
    for app in (first, second):
        submit(server.client, kiosk, app)
    root = server.settings.attachments_dir
    assert clear_bytes_anywhere(root, [kk, ktp])
    code, out, err = cli(server, capsys, "keys", "create")
    assert code == 0, err
    assert "3/3" in err  # progress, per document
    assert clear_bytes_anywhere(root, [kk, ktp]) == []
    assert count(server, "attachment_sealed") == 3
    assert open_it(server, capsys, first, "kk", opened_dir / "1.jpg")[1] == kk.data
    assert open_it(server, capsys, first, "ktp-el", opened_dir / "2.jpg")[1] == ktp.data
    assert open_it(server, capsys, second, "kk", opened_dir / "3.jpg")[1] == kk.data
    # Idempotent: a rotation finds nothing left to seal.
    assert cli(server, capsys, "keys", "rotate")[0] == 0
    assert count(server, "attachment_sealed") == 3
    assert verify(server, capsys)[0] == 0


def test_the_back_office_shows_a_server_sealed_document(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    kk = Document("kk", os.urandom(5000))
    app = Application([kk])
    submit(server.client, kiosk, app)
    bo_gen: Generator[Backoffice, None, None] = make_backoffice(server)  # creates the key
    bo = next(bo_gen)
    try:
        assert (
            seal_clear_documents(
                server.database, server.storage, bo.key, "test", lambda done, total: None
            )
            == 1
        )
        assert clear_bytes_anywhere(server.settings.attachments_dir, [kk]) == []
        bo.add_user("verif-1")
        assert bo.sign_in("verif-1").status_code == 303
        shown = bo.client.get(f"/backoffice/applications/{app.application_id}/v/1/documents/kk")
        assert (shown.status_code, shown.content) == (200, kk.data)
    finally:
        bo_gen.close()


class CrashingStorage(LocalDiskStorage):
    """Fails the first removal of a clear blob: a crash after the swap was committed."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.crash_removal = True

    def remove_blob(self, sha256: str) -> None:
        if self.crash_removal:
            self.crash_removal = False
            raise OSError("crash")
        super().remove_blob(sha256)


def test_a_run_stopped_halfway_loses_nothing_and_the_next_run_finishes(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str], opened_dir: Path
) -> None:
    docs = [Document("kk", os.urandom(5000)), Document("ktp-el", os.urandom(5000))]
    app = Application(docs)
    submit(server.client, kiosk, app)
    key = KeyRing(server.settings.seal_keys_dir).create(None)
    storage = CrashingStorage(server.settings.attachments_dir)
    with pytest.raises(OSError, match="crash"):
        seal_clear_documents(server.database, storage, key, "test", lambda d, t: None)
    # Every document still opens, whichever copy it is in at the moment.
    for doc in docs:
        assert open_it(server, capsys, app, doc.code, opened_dir / f"{doc.code}.a")[1] == doc.data
    seal_clear_documents(server.database, storage, key, "test", lambda d, t: None)
    assert clear_bytes_anywhere(server.settings.attachments_dir, docs) == []
    for doc in docs:
        assert open_it(server, capsys, app, doc.code, opened_dir / f"{doc.code}.b")[1] == doc.data
    assert count(server, "attachment_sealed") == 2
    assert verify(server, capsys)[0] == 0


def test_a_clear_application_arriving_while_a_key_exists_stores_no_clear_document(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str], opened_dir: Path
) -> None:
    assert cli(server, capsys, "keys", "create")[0] == 0
    kk = Document("kk", os.urandom(300_000))  # more than one chunk
    late = Application([kk])
    assert submit(server.client, kiosk, late)["status"] == "received"
    assert clear_bytes_anywhere(server.settings.attachments_dir, [kk]) == []
    assert count(server, "attachment_sealed") == 1
    assert open_it(server, capsys, late, "kk", opened_dir / "kk.jpg")[1] == kk.data
    assert verify(server, capsys)[0] == 0
