"""The wizard's checks on the files `kiosk apply` is given.

A file named in an application JSON goes through what a file chosen in the wizard goes
through (ui/viewmodels/capture.py): decoded as the format its bytes say (every page of a PDF
rendered), refused when it cannot be read, then checked for quality (dark, blurry, glare,
the wrong document's shape, the same picture used twice). A file with quality issues is
refused unless the request gives a written reason (`override_reason`), as the operator
would type it; whether that also needs a supervisor's approval is decided by the caller
with the same rule as the wizard (ui/viewmodels/approval.py).

What is stored is the file as given, not the wizard's flattened copy: the checks decide
whether it may be submitted, they do not change it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from devices.errors import DeviceError, ImageUnreadable
from kiosk.accounts import Operator
from kiosk.applications.intake import QualityOverride
from kiosk.catalog import CatalogView
from kiosk.errors import CatalogError
from kiosk.local_store import Store
from ui.viewmodels.approval import OverrideRequest, needs_approval
from ui.viewmodels.capture import (
    CapturedFile,
    override_problem,
    process_file_bytes,
    same_image,
)

ApproverSecret = Callable[[], tuple[str, str] | None]
"""Asks for the approver's username and password when one is needed (None: none named)."""


class AttachmentRefused(Exception):
    """A file that cannot be submitted; `issues` in the CLI's error shape."""

    def __init__(self, message_id: str, message_en: str, issues: list[dict[str, str]]) -> None:
        super().__init__(message_en)
        self.message_id = message_id
        self.message_en = message_en
        self.issues = issues


@dataclass
class CheckedFile:
    """One attachment of the request after the checks."""

    document: str
    label: str
    """The file as the request names it."""
    data: bytes
    captured: CapturedFile | None
    """What the wizard's checks made of it; None for a document the catalog does not know
    (the intake check refuses that one with its own message)."""
    override_reason: str | None = None

    @property
    def issue_codes(self) -> tuple[str, ...]:
        return self.captured.codes if self.captured is not None else ()


def _issue(code: str, message_id: str, message_en: str) -> dict[str, str]:
    return {"code": code, "message": message_id, "message_en": message_en, "field": "attachments"}


def check_file(catalog: CatalogView, document: str, label: str, data: bytes) -> CheckedFile:
    """Decodes and quality-checks one file as the wizard would.

    Raises:
        AttachmentRefused: the file cannot be decoded (corrupt, truncated, a fake PDF, too
            many pixels) or no renderer for it is installed.
    """
    try:
        entry = catalog.document(document)
    except CatalogError:
        return CheckedFile(document, label, data, None)
    try:
        captured = process_file_bytes(data, label, entry)
    except ImageUnreadable as exc:
        message_id = f"Berkas lampiran {label} tidak bisa dibaca: {exc.message_id} ({exc.detail})"
        message_en = f"Attachment file {label} cannot be read: {exc.message_en} ({exc.detail})"
        raise AttachmentRefused(
            message_id, message_en, [_issue("attachment_unreadable", message_id, message_en)]
        ) from exc
    except DeviceError as exc:
        message_id = f"Berkas lampiran {label} tidak bisa diperiksa: {exc.message_id}"
        message_en = f"Attachment file {label} cannot be checked: {exc.message_en}"
        raise AttachmentRefused(
            message_id, message_en, [_issue("attachment_unchecked", message_id, message_en)]
        ) from exc
    return CheckedFile(document, label, data, captured)


def mark_repeated_images(files: list[CheckedFile]) -> None:
    """The wizard's `same_image`: one picture offered for two documents."""
    from devices.quality import issue

    for index, file in enumerate(files):
        if file.captured is None or "same_image" in file.captured.codes:
            continue
        others = [f.captured for f in files[:index] if f.captured is not None]
        if any(same_image(file.captured, other) for other in others):
            file.captured = replace(
                file.captured, issues=(*file.captured.issues, issue("same_image"))
            )


def undecided(files: list[CheckedFile]) -> list[dict[str, str]]:
    """Issues of files that failed a check and carry no (long enough) written reason."""
    found: list[dict[str, str]] = []
    for file in files:
        if file.captured is None or not file.captured.issues:
            continue
        if file.override_reason is not None:
            problem = override_problem(file.override_reason)
            if problem is None:
                continue
            found.append(
                _issue(
                    problem.code,
                    f"{file.label}: {problem.message_id}",
                    f"{file.label}: {problem.message_en}",
                )
            )
            continue
        for quality in file.captured.issues:
            found.append(
                _issue(
                    quality.code,
                    f"{file.label}: {quality.message_id}",
                    f"{file.label}: {quality.message_en}",
                )
            )
    return found


def overridden(files: list[CheckedFile]) -> list[CheckedFile]:
    """Files accepted despite failed checks (their reason is long enough: see undecided)."""
    return [f for f in files if f.issue_codes and f.override_reason is not None]


def quality_overrides(
    store: Store, files: list[CheckedFile], operator: Operator, approve: ApproverSecret
) -> list[QualityOverride]:
    """The overrides to audit with the submit, each approved as the wizard would have it.

    A supervisor or admin decides alone; a petugas's override needs a supervisor's password,
    asked for through `approve` (the approver's username and password, or None when the
    command names no approver). Every approval is checked and audited by Accounts.approve,
    one per document as in the wizard.

    Raises:
        AttachmentRefused: an override needs an approver and none was named.
        AuthError: the approver's password or role was refused.
    """
    chosen = overridden(files)
    if not chosen:
        return []
    approver: str | None = None
    if needs_approval(operator):
        secret = approve()
        if secret is None:
            message_id = (
                "Menerima dokumen yang tidak lolos pemeriksaan mutu perlu persetujuan "
                "supervisor: sebutkan --approver USER (kata sandinya di baris berikut stdin)"
            )
            message_en = (
                "Accepting a document that failed a quality check needs a supervisor's "
                "approval: name --approver USER (their password on the next line of stdin)"
            )
            raise AttachmentRefused(
                message_id, message_en, [_issue("approval_needed", message_id, message_en)]
            )
        username, password = secret
        for file in chosen:
            assert file.captured is not None
            request = OverrideRequest.of(
                file.captured, file.override_reason or "", operator.username
            )
            approver = store.accounts.approve(
                username, password, purpose=request.purpose, on_behalf_of=operator.username
            ).username
    result = []
    for file in chosen:
        assert file.captured is not None
        accepted = file.captured.with_override(file.override_reason or "", approver)
        file.override_reason = accepted.override_reason
        result.append(accepted.quality_override())
    return result
