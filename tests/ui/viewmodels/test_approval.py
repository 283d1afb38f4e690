"""A supervisor's approval of a quality override, without widgets: who needs one, the check,
and the approver carried through the checklist, a draft and the audit log at submit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from devices.quality import issue
from kiosk.accounts import AuthError, Operator, Role
from kiosk.applications.submission import AUDIT_DETAIL_LIMIT, override_detail
from kiosk.local_store import Store
from tests.helpers.applications import ADDRESS, fake_jpeg
from ui.jobs import wizard as jobs
from ui.viewmodels.approval import (
    OverrideRequest,
    approve_override,
    missing_field,
    needs_approval,
)
from ui.viewmodels.capture import CapturedFile
from ui.viewmodels.wizard import Step, WizardModel

SITI = {
    "nik": "3171015708900001",
    "no_kk": "3171010101100002",
    "name": "Siti Aminah",
    "birth_date": "17-08-1990",
    **ADDRESS,
}
REASON = "surat asli kusut, sudah dicoba 3 kali"


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    opened = Store.open(data_dir)
    boss = opened.accounts.create("siti", "Siti Rahma", "rahasia-123", Role.SUPERVISOR)
    opened.accounts.create("budi", "Budi", "rahasia-456", Role.PETUGAS, created_by=boss)
    yield opened
    opened.close()


def blurry(document: str = "surat-kehilangan") -> CapturedFile:
    return CapturedFile(
        document, fake_jpeg(3_000, 2), "image/jpeg", "camera", issues=(issue("blurry"),)
    )


def test_only_a_petugas_needs_a_supervisor_to_accept_an_image() -> None:
    assert needs_approval(Operator("budi", "Budi", Role.PETUGAS))
    assert not needs_approval(Operator("siti", "Siti", Role.SUPERVISOR))
    assert not needs_approval(Operator("root", "Admin", Role.ADMIN))
    assert needs_approval(None)


def test_an_empty_field_is_caught_before_any_password_check() -> None:
    assert missing_field("  ", "rahasia-123") == "username"
    assert missing_field("siti", "") == "password"
    assert missing_field("siti", "rahasia-123") is None


def test_only_a_supervisors_password_approves_and_every_attempt_is_audited(
    store: Store,
) -> None:
    request = OverrideRequest.of(blurry(), f"  {REASON} ", "budi")
    assert request.reason == REASON
    assert request.purpose == "override surat-kehilangan: blurry"
    with pytest.raises(AuthError) as wrong:
        approve_override(store, request, "siti", "salah-sandi")
    assert wrong.value.code == "wrong_credentials"
    with pytest.raises(AuthError) as petugas:
        approve_override(store, request, "budi", "rahasia-456")
    assert petugas.value.code == "not_allowed"
    assert approve_override(store, request, "Siti", "rahasia-123") == "siti"
    entries = [
        (e["action"], e["operator"], e["detail"])
        for e in reversed(store.audit.entries())
        if e["action"] in ("approval", "approval_failed")
    ]
    detail = "override surat-kehilangan: blurry for budi"
    assert entries == [
        ("approval_failed", "siti", detail),
        ("approval", "budi", detail),  # the password is right: the role is what fails
        ("approval_failed", "budi", f"{detail}: not allowed"),
        ("approval", "siti", detail),
    ]


def test_the_approver_survives_a_draft_and_is_named_in_the_override_audit(
    store: Store,
) -> None:
    model = WizardModel(store.catalog, "budi", today=date(2024, 5, 1))
    for index in (0, 1, 0):  # KTP-el hilang
        model.choose(index)
    assert model.advance()
    for name, value in SITI.items():
        model.applicant.set_value(name, value)
    assert model.advance()
    assert model.step is Step.DOCUMENTS
    assert model.checklist is not None
    clean = CapturedFile("kk", fake_jpeg(3_000, 1), "image/jpeg", "scanner")
    model.checklist.put(jobs.store_capture(store, clean))
    model.checklist.put(jobs.store_capture(store, blurry()))
    assert model.checklist.override("surat-kehilangan", REASON, approved_by="siti") is None
    assert model.checklist.status("surat-kehilangan") == "override"
    data, hashes = model.to_draft()
    jobs.save_draft(store, model.draft_id, "budi", model.service, data, hashes)

    loaded, files = jobs.load_draft(store, model.draft_id)
    again = WizardModel(store.catalog, "budi", today=date(2024, 5, 1))
    again.restore_draft(model.draft_id, loaded, files)
    assert again.checklist is not None
    restored = again.checklist.files["surat-kehilangan"]
    assert (restored.override_reason, restored.approved_by) == (REASON, "siti")
    assert again.checklist.files["kk"].approved_by is None

    submitted = jobs.submit_application(
        store, again.build_application(), again.checklist.overrides()
    )
    overrides = [e for e in store.audit.entries() if e["action"] == "override"]
    assert [(e["operator"], e["number"], e["detail"]) for e in overrides] == [
        (
            "budi",
            submitted.number,
            f"surat-kehilangan: blurry; {REASON}; approved by siti",
        )
    ]


def test_a_long_reason_is_shortened_in_the_audit_never_the_approver() -> None:
    accepted = blurry().with_override("kertas rusak " * 60, approved_by="siti")
    detail = override_detail(accepted.quality_override())
    assert len(detail) == AUDIT_DETAIL_LIMIT
    assert detail.startswith("surat-kehilangan: blurry; kertas rusak")
    assert detail.endswith("…; approved by siti")
    alone = replace(accepted, override_reason=REASON, approved_by=None)
    assert override_detail(alone.quality_override()) == f"surat-kehilangan: blurry; {REASON}"


def test_an_override_is_audited_in_the_submit_transaction_or_nothing_is_queued(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash while writing the override's audit entry must not leave an application queued
    whose accepted-anyway image was never audited."""
    from kiosk.audit import AuditLog
    from tests.helpers.applications import ktp_el_hilang

    new = ktp_el_hilang(1, operator="budi")
    accepted = blurry().with_override(REASON, approved_by="siti")
    new.attachments[1].override_reason = REASON
    record_in = AuditLog.record_in

    def crash_on_override(self: AuditLog, session: object, action: str, **kwargs: object) -> None:
        if action == "override":
            raise RuntimeError("power cut")
        record_in(self, session, action, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(AuditLog, "record_in", crash_on_override)
    with pytest.raises(RuntimeError, match="power cut"):
        jobs.submit_application(store, new, [accepted])
    assert store.records.count() == 0
    assert store.outbox.counts()["pending"] == 0
