"""Which documents the chosen service needs, and which are captured, kept or still missing.

Documents (KK, police letter, ...) are captured on the documents step; the selfie and the
signature, when the service asks for them, on their own step ("extras"). A document counts as
done when its image is clean or the operator accepted it with a reason (for a petugas, with
a supervisor's approval, which the override carries: see ui/viewmodels/approval.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from devices.quality import MESSAGES, issue
from kiosk.applications.intake import AttachmentInput
from kiosk.catalog import CatalogView, Document
from kiosk.validation import Issue
from ui.viewmodels.capture import CapturedFile, override_problem, same_image

SELFIE, SIGNATURE = "selfie-ktp", "tanda-tangan"
DOCUMENTS, EXTRAS = "documents", "extras"


@dataclass(frozen=True)
class ChecklistItem:
    document: Document
    requirement: str
    """"required", "one_of" (any one of `group`) or "optional"."""
    group: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return self.document.code

    @property
    def step(self) -> str:
        return EXTRAS if self.document.kind in ("selfie", "signature") else DOCUMENTS


class DocumentChecklist:
    def __init__(self, catalog: CatalogView, service_code: str) -> None:
        service = catalog.service(service_code)
        self.service = service_code
        items = [ChecklistItem(catalog.document(c), "required") for c in service.required_documents]
        for group in service.required_one_of:
            items += [ChecklistItem(catalog.document(c), "one_of", tuple(group)) for c in group]
        items += [
            ChecklistItem(catalog.document(c), "optional") for c in service.optional_documents
        ]
        if service.needs_selfie:
            items.append(ChecklistItem(catalog.document(SELFIE), "required"))
        if service.needs_signature:
            items.append(ChecklistItem(catalog.document(SIGNATURE), "required"))
        self.items: list[ChecklistItem] = []
        for candidate in items:
            if all(candidate.code != i.code for i in self.items):
                self.items.append(candidate)
        self.files: dict[str, CapturedFile] = {}

    def items_for(self, step: str) -> list[ChecklistItem]:
        return [i for i in self.items if i.step == step]

    def item(self, code: str) -> ChecklistItem:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    # --- changes ------------------------------------------------------------------------
    def put(self, captured: CapturedFile) -> None:
        """Keeps the capture for its document; one whose image is already used for another
        document gets `same_image` (to retake, or accept with a reason)."""
        self.item(captured.document)
        others = [f for code, f in self.files.items() if code != captured.document]
        repeated = any(same_image(captured, other) for other in others)
        if repeated and not captured.sealed_ref and "same_image" not in captured.codes:
            captured = replace(captured, issues=(*captured.issues, issue("same_image")))
        self.files[captured.document] = captured

    def remove(self, code: str) -> None:
        self.files.pop(code, None)

    def override(self, code: str, reason: str, approved_by: str | None = None) -> Issue | None:
        """Accepts the image with its issues; returns the problem if the reason is too thin.

        Whether the operator may decide alone is the caller's question (needs_approval);
        `approved_by` names the supervisor who confirmed it, for the audit log at submit.
        """
        problem = override_problem(reason)
        if problem is None:
            self.files[code] = self.files[code].with_override(reason, approved_by)
        return problem

    # --- state --------------------------------------------------------------------------
    def status(self, code: str) -> str:
        """missing, check (issues, no decision yet), override, kept or ok."""
        captured = self.files.get(code)
        if captured is None:
            return "missing"
        if not captured.accepted:
            return "check"
        if captured.issues:
            return "override"
        return "kept" if captured.source == "kept" else "ok"

    def _done(self, code: str) -> bool:
        captured = self.files.get(code)
        return captured is not None and captured.accepted

    def missing(self, step: str | None = None) -> list[ChecklistItem]:
        """Required items not done; a one-of group shows once, by its first item."""
        found: list[ChecklistItem] = []
        groups: set[tuple[str, ...]] = set()
        for item in self.items:
            if step is not None and item.step != step:
                continue
            if item.requirement == "required" and not self._done(item.code):
                found.append(item)
            elif item.requirement == "one_of" and item.group not in groups:
                groups.add(item.group)
                if not any(self._done(c) for c in item.group):
                    found.append(item)
        return found

    def complete(self, step: str | None = None) -> bool:
        return not self.missing(step) and not self.undecided(step)

    def undecided(self, step: str | None = None) -> list[str]:
        """Captured with issues, neither retaken nor accepted with a reason."""
        return [
            i.code
            for i in self.items
            if (step is None or i.step == step) and self.status(i.code) == "check"
        ]

    def next_pending(self, step: str, after: str | None = None) -> str | None:
        """The next item of the step still to capture or decide, after `after` if given."""
        pending = {i.code for i in self.missing(step)} | set(self.undecided(step))
        codes = [i.code for i in self.items_for(step)]
        if after in codes:
            start = codes.index(after) + 1
            codes = codes[start:] + codes[:start]
        return next((c for c in codes if c in pending), None)

    def attachments(self) -> list[AttachmentInput]:
        return [
            AttachmentInput(
                f.document,
                f.data,
                f.content_type,
                f.override_reason,
                sealed_ref=f.sealed_ref,
                capture=f.capture_note(),
            )
            for i in self.items
            if (f := self.files.get(i.code)) is not None and f.accepted
        ]

    def kept(self) -> list[str]:
        """Documents carried over unchanged from the version being corrected."""
        return [i.code for i in self.items if self.status(i.code) == "kept"]

    def overrides(self) -> list[CapturedFile]:
        return [f for f in self.files.values() if f.accepted and f.issues]

    # --- drafts -------------------------------------------------------------------------
    def to_dict(self) -> list[dict[str, Any]]:
        return [
            {
                "document": f.document,
                "sha256": f.sha256,
                "content_type": f.content_type,
                "source": f.source,
                "issues": list(f.codes),
                "override_reason": f.override_reason,
                "approved_by": f.approved_by,
                "corners": f.corners_set,
                "corner_points": [list(p) for p in f.corners],
            }
            for f in self.files.values()
            if f.sha256
        ]

    def restore(self, entries: list[dict[str, Any]], files: dict[str, CapturedFile]) -> None:
        """Takes back the files of a draft; `files` maps sha256 to the re-read file."""
        for entry in entries:
            loaded = files.get(str(entry.get("sha256")))
            code = str(entry.get("document"))
            if loaded is None or code not in {i.code for i in self.items}:
                continue
            issues = tuple(issue(c) for c in entry.get("issues", []) if c in MESSAGES)
            self.files[code] = CapturedFile(
                document=code,
                data=loaded.data,
                content_type=str(entry.get("content_type") or loaded.content_type),
                source=str(entry.get("source") or "file"),
                issues=issues,
                override_reason=entry.get("override_reason") or None,
                approved_by=entry.get("approved_by") or None,
                corners_set=str(entry.get("corners") or ""),
                corners=_points(entry.get("corner_points")),
                sha256=str(entry["sha256"]),
                thumbnail=loaded.thumbnail,
            )


def _points(raw: Any) -> tuple[tuple[float, float], ...]:
    """Corner points as a draft kept them; anything malformed counts as none."""
    try:
        points = tuple((float(x), float(y)) for x, y in raw or ())
    except (TypeError, ValueError):
        return ()
    return points if len(points) == 4 else ()
