"""The new-application wizard as plain Python: steps, what blocks each one, drafts, submit input.

Steps: questions -> service -> applicant -> documents -> extras (selfie/signature, only when
the service needs them) -> review -> receipt. A correction ("perbaiki") starts at the service
step with the rejected version's data and documents kept, so only what must be fixed is
captured again. The whole state round-trips through a plain dict for the autosaved draft;
images are referenced by their hash in the vault, never copied into the draft.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from kiosk.applications.duplicates import MIN_REASON_LENGTH
from kiosk.applications.intake import NewApplication, check_application
from kiosk.applications.records import ApplicationSummary
from kiosk.catalog import CatalogView
from kiosk.contract import fix_targets
from kiosk.errors import CatalogError
from kiosk.field.visits import CATEGORY_EXTRA_KEY
from kiosk.validation import ValidationResult
from ui.selfservice import SELF_SERVICE
from ui.viewmodels.applicant import ApplicantForm
from ui.viewmodels.capture import CapturedFile
from ui.viewmodels.checklist import DOCUMENTS, EXTRAS, DocumentChecklist
from ui.viewmodels.questionnaire import Questionnaire
from ui.viewmodels.visits import VisitLead

DRAFT_FORMAT = 1


class Step(StrEnum):
    QUESTIONS = "questions"
    SERVICE = "service"
    APPLICANT = "applicant"
    DOCUMENTS = "documents"
    EXTRAS = "extras"
    REVIEW = "review"
    RECEIPT = "receipt"


@dataclass(frozen=True)
class Rejection:
    """Why the version being corrected was rejected, as the verifier wrote it."""

    reason: str
    fix_hint: str


class WizardModel:
    def __init__(
        self,
        catalog: CatalogView,
        operator: str,
        *,
        today: date | None = None,
        visit: VisitLead | None = None,
    ) -> None:
        self.catalog = catalog
        self.operator = operator
        self.today = today
        self.questionnaire = Questionnaire(catalog)
        self.applicant = ApplicantForm(today)
        self.checklist: DocumentChecklist | None = None
        self.step = Step.QUESTIONS
        self.fix_fields: list[str] = []
        """In a correction: the fields the verifier's reasons name ("[isian nik] ..."), in
        order; the applicant step puts the keyboard focus on the first of them."""
        self.draft_id = str(uuid.uuid4())
        self.revision_of: tuple[str, int] | None = None
        self.rejection: Rejection | None = None
        self.number: str | None = None
        self.version = 1
        self.duplicates: list[ApplicationSummary] = []
        """Open applications for the same NIK and service (found when the review is shown)."""
        self.duplicate_reason = ""
        self.visit: VisitLead | None = None
        """A jemput bola visit this application starts from (its address and category)."""
        if visit is not None:
            self.start_from_visit(visit)

    def start_from_visit(self, visit: VisitLead) -> None:
        self.visit = visit
        self.applicant.restore({"values": visit.applicant_values()})

    @property
    def service(self) -> str | None:
        return self.checklist.service if self.checklist is not None else None

    def steps(self) -> list[Step]:
        steps = list(Step)
        if self.revision_of is not None:
            steps.remove(Step.QUESTIONS)
        if self.checklist is not None and not self.checklist.items_for(EXTRAS):
            steps.remove(Step.EXTRAS)
        return steps

    # --- moving -------------------------------------------------------------------------
    def choose(self, index: int) -> bool:
        """Answers the current question; True when it led to a service."""
        service = self.questionnaire.choose(index)
        if service is None:
            return False
        self._set_service(service)
        self.step = Step.SERVICE
        return True

    def _set_service(self, code: str) -> None:
        previous = self.checklist
        self.checklist = DocumentChecklist(self.catalog, code)
        self.applicant.require_address(self.catalog.needs_address(code))
        self.applicant.service_fields.set_specs(self.catalog.service(code).extra_fields)
        if previous is not None:
            allowed = {i.code for i in self.checklist.items}
            for captured in previous.files.values():
                if captured.document in allowed:
                    self.checklist.put(captured)

    def blockers(self) -> list[str]:
        """What keeps the current step from going on: field names or document codes."""
        if self.step is Step.APPLICANT:
            return self.applicant.error_fields()
        if self.step in (Step.DOCUMENTS, Step.EXTRAS) and self.checklist is not None:
            step = DOCUMENTS if self.step is Step.DOCUMENTS else EXTRAS
            return [i.code for i in self.checklist.missing(step)] + self.checklist.undecided(step)
        if self.step is Step.REVIEW:
            blocking = [i.code for i in self.check().errors]
            if self.duplicate_unexplained:
                blocking.append("duplicate")
            return blocking
        return []

    @property
    def duplicate_unexplained(self) -> bool:
        """An open application of the same NIK and service, and no reason to go on yet."""
        if self.by_citizen:
            return bool(self.duplicates)  # going on anyway is the counter's decision
        return bool(self.duplicates) and len(self.duplicate_reason.strip()) < MIN_REASON_LENGTH

    @property
    def by_citizen(self) -> bool:
        """Made at the self-service kiosk: no staff decision (overrides) is the citizen's."""
        return self.operator == SELF_SERVICE.username

    def advance(self) -> bool:
        if self.step in (Step.QUESTIONS, Step.REVIEW, Step.RECEIPT) or self.blockers():
            return False
        steps = self.steps()
        self.step = steps[steps.index(self.step) + 1]
        return True

    def back(self) -> bool:
        if self.step is Step.RECEIPT:
            return False
        if self.step is Step.QUESTIONS:
            return self.questionnaire.back()
        if self.step is Step.SERVICE:
            if self.revision_of is not None:
                return False
            self.questionnaire.back()
            self.checklist = None if self.questionnaire.service is None else self.checklist
            self.step = Step.QUESTIONS
            return True
        steps = self.steps()
        self.step = steps[steps.index(self.step) - 1]
        return True

    def finished(self, number: str, version: int) -> None:
        self.number, self.version = number, version
        self.step = Step.RECEIPT

    # --- corrections --------------------------------------------------------------------
    def start_revision(
        self,
        revision_of: tuple[str, int],
        service: str,
        applicant: dict[str, Any],
        kept: list[CapturedFile],
        rejection: Rejection | None,
    ) -> None:
        self.revision_of = revision_of
        self.rejection = rejection
        self.questionnaire.start_at_service(service)
        self._set_service(service)
        assert self.checklist is not None
        allowed = {i.code for i in self.checklist.items}
        # The documents the verifier's reasons name ("[dokumen kk] ...") are not kept: the
        # correction must capture them again; every other document carries over.
        targets = fix_targets(rejection.fix_hint if rejection else None)
        redo = {t.split(":", 1)[1] for t in targets if t.startswith("document:")}
        self.fix_fields = [t.split(":", 1)[1] for t in targets if t.startswith("field:")]
        for captured in kept:
            if captured.document in allowed and captured.document not in redo:
                self.checklist.put(captured)
        self.applicant.prefill(applicant)
        self.step = Step.SERVICE

    # --- submit -------------------------------------------------------------------------
    def build_application(self) -> NewApplication:
        if self.checklist is None:
            raise CatalogError("Layanan belum dipilih", "No service has been chosen")
        applicant = self.applicant.to_applicant()
        if self.visit is not None:
            applicant.extra[CATEGORY_EXTRA_KEY] = self.visit.category
        return NewApplication(
            service=self.checklist.service,
            applicant=applicant,
            attachments=self.checklist.attachments(),
            operator=self.operator,
            revision_of=self.revision_of,
            draft_id=self.draft_id,
            duplicate_reason=self.duplicate_reason.strip() or None,
        )

    def check(self) -> ValidationResult:
        """The submit-time check, on a copy (check_application normalises in place)."""
        if self.checklist is None:
            result = ValidationResult()
            result.error("unknown_service", "Layanan belum dipilih", "No service chosen")
            return result
        return check_application(self.catalog, copy.deepcopy(self.build_application()))

    # --- drafts -------------------------------------------------------------------------
    @property
    def worth_saving(self) -> bool:
        """Something the operator would be sorry to lose has been entered."""
        typed = any(self.applicant.values.values())
        return self.step is not Step.RECEIPT and (self.checklist is not None or typed)

    def to_draft(self) -> tuple[dict[str, Any], list[str]]:
        """The draft's data and the vault hashes it references."""
        checklist = self.checklist
        files = checklist.to_dict() if checklist is not None else []
        data = {
            "format": DRAFT_FORMAT,
            "step": self.step.value,
            "questions": self.questionnaire.to_dict(),
            "applicant": self.applicant.to_dict(),
            "files": files,
            "revision_of": list(self.revision_of) if self.revision_of else None,
            "rejection": [self.rejection.reason, self.rejection.fix_hint]
            if self.rejection
            else None,
            "visit": asdict(self.visit) if self.visit else None,
        }
        return data, [f["sha256"] for f in files]

    def restore_draft(
        self, draft_id: str, data: dict[str, Any], files: dict[str, CapturedFile]
    ) -> None:
        """Takes back a saved draft; `files` maps vault hashes to their re-read files."""
        self.draft_id = draft_id
        revision = data.get("revision_of")
        self.revision_of = (str(revision[0]), int(revision[1])) if revision else None
        rejection = data.get("rejection")
        self.rejection = Rejection(str(rejection[0]), str(rejection[1])) if rejection else None
        self.questionnaire.restore(data.get("questions", {}))
        self.checklist = None
        if self.questionnaire.service is not None:
            self._set_service(self.questionnaire.service)
            assert self.checklist is not None
            self.checklist.restore(data.get("files", []), files)
        self.applicant.restore(data.get("applicant", {}))
        visit = data.get("visit")
        self.visit = VisitLead(**visit) if visit else None
        try:
            step = Step(data.get("step", Step.QUESTIONS.value))
        except ValueError:
            step = Step.QUESTIONS
        self.step = step if step in self.steps() and step is not Step.RECEIPT else self.steps()[0]
        if self.checklist is None:
            self.step = Step.QUESTIONS
