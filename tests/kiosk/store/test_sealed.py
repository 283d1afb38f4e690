"""Finalised applications are sealed to the server's key: the device cannot read them back."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.applications import Status
from kiosk.applications.intake import AttachmentInput, QualityOverride
from kiosk.applications.late_sealing import seal_pending
from kiosk.errors import ApplicationInvalid, AttachmentUnreadable
from kiosk.local_store import Store
from kiosk.sealing import SEALED_FIELDS_DOCUMENT, CaptureNote, SealError
from kiosk.store.crypto import DecryptionFailed
from kiosk.store.outbox import OutboxItem
from tests.helpers.applications import ktp_el_hilang
from tests.helpers.sealing import ServerKey, new_server_key


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    opened = Store.open(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def server_key() -> ServerKey:
    return new_server_key()


def item_for(store: Store, app_id: str, version: int = 1) -> OutboxItem:
    [item] = [i for i in store.outbox.due() if (i.application_id, i.version) == (app_id, version)]
    return item


def device_readable_plaintexts(store: Store) -> list[bytes]:
    """Every vault file as the DEVICE key opens it (what a thief with the key file gets)."""
    opened = []
    for path in store.core.vault.root.glob("??/*.kv"):
        try:
            opened.append(store.core.keys.decrypt(path.read_bytes(), path.stem.encode()))
        except DecryptionFailed:
            opened.append(b"")
    return opened


def assert_no_document_readable(store: Store, documents: list[bytes], nik: str) -> None:
    plaintexts = device_readable_plaintexts(store)
    assert plaintexts, "the vault should hold the sealed files"
    for document in documents:
        assert all(document not in p for p in plaintexts)
    assert all(nik.encode() not in p for p in plaintexts)


def test_submit_seals_every_file_and_the_fields(store: Store, server_key: ServerKey) -> None:
    assert store.state.set_seal_key(server_key.key_id, server_key.public_b64)
    new = ktp_el_hilang(1)
    originals = {a.document: a.data for a in new.attachments}
    submitted = store.submission.submit(new)

    item = item_for(store, submitted.id)
    assert item.seal_key_id == server_key.key_id
    by_document = {a.document: a for a in item.attachments}
    assert set(by_document) == {"kk", "surat-kehilangan", "f-1.02", SEALED_FIELDS_DOCUMENT}
    opened = {
        code: server_key.open(submitted.id, code, store.records.read_attachment(a.sha256))
        for code, a in by_document.items()
    }
    for code, data in originals.items():
        assert opened[code] == data
    assert opened["f-1.02"].startswith(b"%PDF-")
    summary = server_key.open_fields(
        submitted.id, store.records.read_attachment(by_document[SEALED_FIELDS_DOCUMENT].sha256)
    )
    assert summary["fields"]["nik"] == new.applicant.nik
    assert summary["fields"]["name"] == new.applicant.name
    for code, data in originals.items():
        assert summary["documents"][code]["sha256"] == hashlib.sha256(data).hexdigest()
    # Sealed bytes are what the outbox sends: their hash and size are of the sealed file.
    for attachment in item.attachments:
        sealed = store.records.read_attachment(attachment.sha256)
        assert hashlib.sha256(sealed).hexdigest() == attachment.sha256
        assert len(sealed) == attachment.size

    # The device keeps what it shows (and the applicant under its own key), not documents.
    assert [a.document for a in store.records.attachments(submitted.id, 1)] == [
        "kk",
        "surat-kehilangan",
        "f-1.02",
    ]
    assert all(a.sealed for a in store.records.attachments(submitted.id, 1))
    assert (
        store.records.read_applicant_audited(submitted.id, 1, operator="petugas1")["name"]
        == new.applicant.name
    )
    assert_no_document_readable(store, [*originals.values(), opened["f-1.02"]], new.applicant.nik)


def test_quality_findings_and_overrides_travel_in_the_sealed_fields(
    store: Store, server_key: ServerKey
) -> None:
    """Issue 12: the verifier sees beside each document what the kiosk's checks found."""
    assert store.state.set_seal_key(server_key.key_id, server_key.public_b64)
    new = ktp_el_hilang(1)
    reason = "KK asli memang pudar, sudah dicek petugas"
    new.attachments[0] = AttachmentInput("kk", new.attachments[0].data, override_reason=reason)
    new.overrides = [QualityOverride("kk", ("blurry", "glare"), reason, "supervisor1")]
    submitted = store.submission.submit(new)
    item = item_for(store, submitted.id)
    carrier = next(a for a in item.attachments if a.document == SEALED_FIELDS_DOCUMENT)
    summary = server_key.open_fields(submitted.id, store.records.read_attachment(carrier.sha256))
    assert summary["documents"]["kk"]["quality"] == {
        "failed_checks": ["blurry", "glare"],
        "override_reason": reason,
        "approved_by": "supervisor1",
    }
    # A clean image carries no findings (as the payload of an older kiosk).
    assert "quality" not in summary["documents"]["surat-kehilangan"]


def test_a_sealed_file_opens_only_in_its_own_application_and_slot(
    store: Store, server_key: ServerKey
) -> None:
    store.state.set_seal_key(server_key.key_id, server_key.public_b64)
    submitted = store.submission.submit(ktp_el_hilang(1))
    kk = next(a for a in item_for(store, submitted.id).attachments if a.document == "kk")
    sealed = store.records.read_attachment(kk.sha256)
    with pytest.raises(SealError):
        server_key.open(submitted.id, "surat-kehilangan", sealed)
    with pytest.raises(SealError):
        server_key.open("00000000-0000-4000-8000-000000000000", "kk", sealed)
    with pytest.raises(SealError):
        new_server_key().open(submitted.id, "kk", sealed)


def test_captured_clear_copies_leave_the_vault_at_submit(
    store: Store, server_key: ServerKey
) -> None:
    store.state.set_seal_key(server_key.key_id, server_key.public_b64)
    new = ktp_el_hilang(1)
    # The wizard stores every capture in the vault at once, for the draft.
    hashes = [store.drafts.put_file(a.data) for a in new.attachments]
    draft = store.drafts.save(
        None, operator="petugas1", service=new.service, data={}, attachment_hashes=hashes
    )
    new.draft_id = draft
    store.submission.submit(new)
    assert not any(store.core.vault.exists(sha) for sha in hashes)
    assert_no_document_readable(store, [a.data for a in new.attachments], new.applicant.nik)


def test_a_capture_still_in_another_draft_stays(store: Store, server_key: ServerKey) -> None:
    store.state.set_seal_key(server_key.key_id, server_key.public_b64)
    new = ktp_el_hilang(1)
    kk = store.drafts.put_file(new.attachments[0].data)
    store.drafts.save(None, operator="petugas1", service=None, data={}, attachment_hashes=[kk])
    store.submission.submit(new)
    assert store.records.read_attachment(kk) == new.attachments[0].data


def test_applications_queued_before_the_key_was_known_are_sealed_before_sending(
    store: Store, server_key: ServerKey
) -> None:
    early = ktp_el_hilang(1)
    offered = ktp_el_hilang(2)
    first = store.submission.submit(early)
    second = store.submission.submit(offered)
    assert item_for(store, first.id).seal_key_id is None
    # The second one was already offered to the server in clear: it must stay as it was.
    store.outbox.mark_retry(
        item_for(store, second.id).pk, item_for(store, second.id).created_at, "offline", "offline"
    )
    assert seal_pending(store.core, store.audit) == 0  # no key yet
    store.state.set_seal_key(server_key.key_id, server_key.public_b64)
    assert seal_pending(store.core, store.audit) == 1
    assert seal_pending(store.core, store.audit) == 0  # once

    item = item_for(store, first.id)
    assert item.seal_key_id == server_key.key_id
    for attachment in item.attachments:
        if attachment.document in ("kk", "surat-kehilangan"):
            opened = server_key.open(
                first.id, attachment.document, store.records.read_attachment(attachment.sha256)
            )
            original = next(a.data for a in early.attachments if a.document == attachment.document)
            assert opened == original
    assert all(
        a not in p
        for a in (x.data for x in early.attachments)
        for p in device_readable_plaintexts(store)
    )
    unsealed = item_for(store, second.id)
    assert unsealed.seal_key_id is None
    assert (
        store.records.read_attachment(unsealed.attachments[0].sha256) == offered.attachments[0].data
    )
    assert [e["action"] for e in store.audit.entries() if e["action"] == "seal"] == ["seal"]
    assert store.audit.verify().ok


def test_a_correction_reuses_sealed_documents_by_reference(
    store: Store, server_key: ServerKey
) -> None:
    store.state.set_seal_key(server_key.key_id, server_key.public_b64)
    first = ktp_el_hilang(1)
    first.attachments[0].override_reason = "foto agak buram, KK asli rusak"
    v1 = store.submission.submit(first)
    store.outbox.mark_acknowledged(item_for(store, v1.id).pk)
    for status in (Status.SENT, Status.RECEIVED, Status.REJECTED):
        store.records.transition(v1.id, 1, status, source="server")
    kept = next(a for a in store.records.attachments(v1.id, 1) if a.document == "kk")

    # A reference to something the rejected version does not hold is refused.
    bogus = ktp_el_hilang(1)
    bogus.revision_of = (v1.id, 1)
    bogus.attachments[0] = AttachmentInput("kk", b"", sealed_ref="ab" * 32)
    with pytest.raises(ApplicationInvalid, match="not found"):
        store.submission.submit(bogus)

    correction = ktp_el_hilang(1)
    correction.revision_of = (v1.id, 1)
    correction.attachments[0] = AttachmentInput("kk", b"", sealed_ref=kept.sha256)
    v2 = store.submission.submit(correction)
    assert (v2.id, v2.version) == (v1.id, 2)
    item = item_for(store, v1.id, 2)
    kk = next(a for a in item.attachments if a.document == "kk")
    assert (kk.sha256, kk.size) == (kept.sha256, kept.size)
    reused = next(a for a in store.records.attachments(v1.id, 2) if a.document == "kk")
    assert reused.override_reason == "foto agak buram, KK asli rusak"
    fields = next(a for a in item.attachments if a.document == SEALED_FIELDS_DOCUMENT)
    summary = server_key.open_fields(v1.id, store.records.read_attachment(fields.sha256))
    assert (
        summary["documents"]["kk"]["sha256"]
        == hashlib.sha256(first.attachments[0].data).hexdigest()
    )


def test_the_key_is_checked_before_it_is_kept(store: Store, server_key: ServerKey) -> None:
    other = new_server_key()
    with pytest.raises(SealError):
        store.state.set_seal_key(server_key.key_id, other.public_b64)
    with pytest.raises(SealError):
        store.state.set_seal_key(server_key.key_id, "not-a-key")
    assert store.state.seal_key() is None
    assert store.state.set_seal_key(server_key.key_id, server_key.public_b64)
    assert not store.state.set_seal_key(server_key.key_id, server_key.public_b64)  # unchanged
    known = store.state.seal_key()
    assert known is not None
    assert known.fingerprint == hashlib.sha256(server_key.public_raw).hexdigest()


def test_purge_after_acknowledgement_removes_the_sealed_files(
    store: Store, server_key: ServerKey
) -> None:
    from datetime import timedelta

    from kiosk.applications.retention import purge_acknowledged
    from kiosk.store.clock import utcnow

    store.state.set_seal_key(server_key.key_id, server_key.public_b64)
    submitted = store.submission.submit(ktp_el_hilang(1))
    item = item_for(store, submitted.id)
    store.outbox.mark_acknowledged(item.pk)
    assert purge_acknowledged(store.core, store.audit, 7, now=utcnow() + timedelta(days=8)) == 1
    for attachment in item.attachments:
        with pytest.raises(AttachmentUnreadable):
            store.records.read_attachment(attachment.sha256)
    assert list(store.core.vault.root.glob("??/*.kv")) == []


def test_the_operators_corner_choice_travels_sealed_with_the_document(
    store: Store, server_key: ServerKey
) -> None:
    """The verifier must see whether the corners were detected, moved or placed by hand."""
    assert store.state.set_seal_key(server_key.key_id, server_key.public_b64)
    new = ktp_el_hilang(2)
    points = [[10.0, 12.5], [300.0, 11.0], [302.0, 200.0], [9.0, 201.0]]
    new.attachments[0].capture = CaptureNote("adjusted", points)
    new.attachments[0].override_reason = "pantulan kecil, data tetap terbaca"
    new.overrides = [QualityOverride("kk", ("glare",), "pantulan kecil, data tetap terbaca")]
    submitted = store.submission.submit(new)

    item = item_for(store, submitted.id)
    [carrier] = [a for a in item.attachments if a.document == SEALED_FIELDS_DOCUMENT]
    summary = server_key.open_fields(submitted.id, store.records.read_attachment(carrier.sha256))
    assert summary["documents"]["kk"]["capture"] == {
        "corners": "adjusted",
        "points": points,
        "checks": ["glare"],
    }
    # The checks are the quality findings the override carries: one source, said twice.
    assert summary["documents"]["kk"]["quality"]["failed_checks"] == ["glare"]
    assert "capture" not in summary["documents"]["surat-kehilangan"]
    assert "capture" not in summary["documents"]["f-1.02"]
