"""The wizard's steps, drafts and submit input, and its background jobs, without widgets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from devices.quality import issue
from kiosk.applications import Status
from kiosk.errors import ApplicationInvalid
from kiosk.local_store import Store
from kiosk.settings import Settings
from tests.helpers.applications import ADDRESS, fake_jpeg, ktp_el_hilang
from tests.helpers.sealing import new_server_key
from ui.jobs import wizard as jobs
from ui.viewmodels.capture import CapturedFile
from ui.viewmodels.review import build_review
from ui.viewmodels.wizard import Rejection, Step, WizardModel

SITI = {
    "nik": "3171015708900001",
    "no_kk": "3171010101100002",
    "name": "Siti Aminah",
    "birth_date": "17-08-1990",
    **ADDRESS,
}


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    opened = Store.open(data_dir)
    yield opened
    opened.close()


def jpeg(document: str, seed: int, source: str = "scanner") -> CapturedFile:
    return CapturedFile(document, fake_jpeg(3_000, seed), "image/jpeg", source)


def filled(store: Store, service_path: tuple[int, ...] = (0, 1, 0)) -> WizardModel:
    model = WizardModel(store.catalog, "petugas1", today=date(2024, 5, 1))
    for index in service_path:
        model.choose(index)
    assert model.step is Step.SERVICE
    assert model.advance()
    for name, value in SITI.items():
        model.applicant.set_value(name, value)
    assert model.advance()
    return model


def test_steps_blockers_and_back(store: Store) -> None:
    model = WizardModel(store.catalog, "petugas1")
    assert not model.advance()  # questions are answered, not skipped
    assert model.choose(3)  # akta kelahiran
    assert model.steps() == list(Step)  # needs selfie and signature: the extras step is in
    assert model.advance()
    assert model.step is Step.APPLICANT
    assert model.blockers() == ["nik", "no_kk", "name", "birth_date"]
    assert not model.advance()
    assert model.back()
    assert model.back()
    assert model.step is Step.QUESTIONS
    assert model.checklist is None
    ktp = filled(store)
    assert Step.EXTRAS not in ktp.steps()
    assert ktp.step is Step.DOCUMENTS
    assert ktp.blockers() == ["kk", "surat-kehilangan"]


def test_a_draft_round_trips_with_its_images(store: Store) -> None:
    model = filled(store)
    assert model.checklist is not None
    stored = jobs.store_capture(store, jpeg("kk", 1))
    model.checklist.put(stored)
    model.applicant.acknowledge("birth_date")
    data, hashes = model.to_draft()
    assert hashes == [stored.sha256]
    jobs.save_draft(store, model.draft_id, "petugas1", model.service, data, hashes)
    loaded_data, files = jobs.load_draft(store, model.draft_id)
    again = WizardModel(store.catalog, "petugas1", today=date(2024, 5, 1))
    again.restore_draft(model.draft_id, loaded_data, files)
    assert again.step is Step.DOCUMENTS
    assert again.service == "ktp-el-hilang"
    assert again.applicant.values == model.applicant.values
    assert again.checklist is not None
    assert again.checklist.files["kk"].data == stored.data
    assert again.checklist.status("surat-kehilangan") == "missing"
    assert [d.id for d in jobs.list_drafts(store, "petugas1")] == [model.draft_id]
    assert jobs.list_drafts(store, "someone-else") == []


def test_submit_queues_the_application_audits_overrides_and_drops_the_draft(
    store: Store,
) -> None:
    model = filled(store)
    assert model.checklist is not None
    model.checklist.put(jpeg("kk", 1))
    blurry = CapturedFile(
        "surat-kehilangan",
        fake_jpeg(3_000, 2),
        "image/jpeg",
        "camera",
        issues=(issue("blurry"),),
    )
    model.checklist.put(blurry)
    model.checklist.override("surat-kehilangan", "surat asli kusut, sudah dicoba 3 kali")
    assert model.advance()
    assert model.step is Step.REVIEW
    review = build_review(model)
    assert review.can_submit
    assert dict(review.fields)["name"] == "SITI AMINAH"
    assert [i.status for i in review.images] == ["ok", "override"]
    data, hashes = model.to_draft()
    jobs.save_draft(store, model.draft_id, "petugas1", model.service, data, hashes)
    submitted = jobs.submit_application(
        store, model.build_application(), model.checklist.overrides()
    )
    assert store.drafts.list() == []
    overrides = [e for e in store.audit.entries() if e["action"] == "override"]
    assert len(overrides) == 1
    assert overrides[0]["number"] == submitted.number
    assert overrides[0]["detail"].startswith("surat-kehilangan: blurry; surat asli kusut")
    receipt = jobs.prepare_receipt(store, Settings(), submitted.number, 1, "petugas1", "a4")
    assert receipt.pdf.startswith(b"%PDF")
    roll = jobs.render_layout(receipt, "80mm")
    assert roll.layout == "80mm"
    assert jobs.record_print(store, roll, "petugas1", "printer") == "print"
    assert jobs.record_print(store, roll, "petugas1", "printer") == "reprint"


def test_an_incomplete_application_is_refused_by_the_store_too(store: Store) -> None:
    model = filled(store)
    with pytest.raises(ApplicationInvalid):
        jobs.submit_application(store, model.build_application(), [])


def test_a_correction_starts_from_the_rejected_version(store: Store) -> None:
    submitted = store.submission.submit(ktp_el_hilang(5, operator="petugas1"))
    for status in (Status.SENT, Status.RECEIVED):
        store.records.transition(submitted.id, 1, status, source="server")
    store.records.transition(
        submitted.id, 1, Status.REJECTED, reason="KK buram", fix_hint="Foto ulang KK"
    )
    source = jobs.load_revision(store, submitted.id, 1, "petugas1")
    assert source.service == "ktp-el-hilang"
    assert source.rejection == Rejection("KK buram", "Foto ulang KK")
    assert sorted(f.document for f in source.kept) == ["kk", "surat-kehilangan"]  # no F-1.02
    model = WizardModel(store.catalog, "petugas1")
    model.start_revision(
        source.revision_of, source.service, source.applicant, source.kept, source.rejection
    )
    assert model.step is Step.SERVICE
    assert Step.QUESTIONS not in model.steps()
    assert not model.back()
    assert model.applicant.values["nik"] == ktp_el_hilang(5).applicant.nik
    new = model.build_application()
    assert new.revision_of == (submitted.id, 1)
    assert [a.document for a in new.attachments] == ["kk", "surat-kehilangan"]


def test_a_correction_of_a_sealed_application_keeps_documents_by_reference(
    store: Store,
) -> None:
    key = new_server_key()
    store.state.set_seal_key(key.key_id, key.public_b64)
    submitted = store.submission.submit(ktp_el_hilang(5, operator="petugas1"))
    for status in (Status.SENT, Status.RECEIVED):
        store.records.transition(submitted.id, 1, status, source="server")
    store.records.transition(
        submitted.id, 1, Status.REJECTED, reason="KK buram", fix_hint="Foto ulang KK"
    )
    source = jobs.load_revision(store, submitted.id, 1, "petugas1")
    # The device cannot open them, so it carries references, not pictures.
    assert all(f.data == b"" and f.sealed_ref for f in source.kept)
    assert sorted(f.document for f in source.kept) == ["kk", "surat-kehilangan"]
    model = WizardModel(store.catalog, "petugas1")
    model.start_revision(
        source.revision_of, source.service, source.applicant, source.kept, source.rejection
    )
    assert model.checklist is not None
    assert model.checklist.kept() == ["kk", "surat-kehilangan"]
    assert model.check().valid
    v2 = jobs.submit_application(store, model.build_application(), [])
    assert v2.version == 2
    before = {a.document: a.sha256 for a in store.records.attachments(submitted.id, 1)}
    after = {a.document: a.sha256 for a in store.records.attachments(submitted.id, 2)}
    assert after["kk"] == before["kk"]
    assert after["surat-kehilangan"] == before["surat-kehilangan"]
    assert after["f-1.02"] != before["f-1.02"]  # the form is made again for version 2
