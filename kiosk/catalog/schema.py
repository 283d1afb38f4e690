"""Schema of the service catalog (resources/catalog/services.json and district overrides).

Services, documents, forms and guiding questions are data, so a district adds or changes a
service by editing a file. Everything is validated on load; cross-references (a service naming
an unknown document, a question leading nowhere) are errors, not surprises at the counter.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

CODE_PATTERN = r"^[a-z0-9][a-z0-9\-]{0,47}$"
FORM_PATTERN = r"^F-\d\.\d{2}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A user-facing text: Bahasa Indonesia first, English second."""

    id: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.id


class Document(Strict):
    """A document the applicant brings (captured by camera or scanner)."""

    code: str = Field(pattern=CODE_PATTERN)
    name: Text
    kind: Literal["card", "page", "photo", "selfie", "signature"]
    max_kb: int = Field(default=300, ge=20, le=5000)
    original_only: bool = False
    """The original must be captured (e.g. the KK, not a photocopy)."""


class Form(Strict):
    """A regulation form (Permendagri 109/2019). `generated` forms are filled by the app."""

    code: str = Field(pattern=FORM_PATTERN)
    name: Text
    generated: bool = True
    needs_address: bool = False
    """The form carries the applicant's address: every service using it asks for one."""


class ExtraField(Strict):
    """A field a service asks for beyond the applicant's own (parents, the deceased, the
    destination of a move), kept in the applicant's `extra` under its code."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{0,47}$")
    label: Text
    kind: Literal["text", "nik", "date", "kode_wilayah"] = "text"
    required: bool = False


class Promise(Strict):
    """The service-time promise shown on the receipt (configurable per district)."""

    value: int = Field(ge=0)
    unit: Literal["minutes", "hours", "working_days"]

    def describe(self, language: str = "id") -> str:
        names = {
            "minutes": ("menit", "minute", "minutes"),
            "hours": ("jam", "hour", "hours"),
            "working_days": ("hari kerja", "working day", "working days"),
        }[self.unit]
        if language != "en":
            return f"{self.value} {names[0]}"
        return f"{self.value} {names[1] if self.value == 1 else names[2]}"


class Service(Strict):
    code: str = Field(pattern=CODE_PATTERN)
    name: Text
    description: Text | None = None
    required_documents: list[str]
    optional_documents: list[str] = []
    required_one_of: list[list[str]] = []
    """Groups of documents of which at least one each must be attached (e.g. lost OR damaged)."""
    forms: list[str] = []
    in_person: bool
    """The applicant must come in person (biometric recording or fingerprint match)."""
    needs_selfie: bool = False
    needs_signature: bool = False
    promise: Promise
    requirements_note: Text | None = None
    enabled: bool = True
    needs_address: bool = False
    """The applicant's address is asked for even when none of the forms carries it."""
    extra_fields: list[ExtraField] = []


class Option(Strict):
    label: Text
    next: str | None = None
    service: str | None = None

    @model_validator(mode="after")
    def _exactly_one_target(self) -> Option:
        if (self.next is None) == (self.service is None):
            raise ValueError("an option leads to exactly one of `next` or `service`")
        return self


class Question(Strict):
    id: str = Field(pattern=CODE_PATTERN)
    text: Text
    help: Text | None = None
    options: list[Option] = Field(min_length=2)


class Catalog(Strict):
    schema_version: Literal[1]
    documents: list[Document]
    forms: list[Form]
    services: list[Service]
    questions: list[Question]
    first_question: str

    @model_validator(mode="after")
    def _references_resolve(self) -> Catalog:
        problems: list[str] = []
        for kind, items in (
            ("document", [d.code for d in self.documents]),
            ("form", [f.code for f in self.forms]),
            ("service", [s.code for s in self.services]),
            ("question", [q.id for q in self.questions]),
        ):
            dupes = sorted({c for c in items if items.count(c) > 1})
            if dupes:
                problems.append(f"duplicate {kind} codes: {dupes}")
        documents = {d.code for d in self.documents}
        forms = {f.code for f in self.forms}
        services = {s.code for s in self.services}
        questions = {q.id for q in self.questions}
        for service in self.services:
            grouped = [d for group in service.required_one_of for d in group]
            for doc in service.required_documents + service.optional_documents + grouped:
                if doc not in documents:
                    problems.append(f"service {service.code}: unknown document {doc!r}")
            for form in service.forms:
                if form not in forms:
                    problems.append(f"service {service.code}: unknown form {form!r}")
        if self.first_question not in questions:
            problems.append(f"first_question {self.first_question!r} is not a question")
        reached: set[str] = set()
        for question in self.questions:
            for option in question.options:
                if option.next is not None and option.next not in questions:
                    problems.append(f"question {question.id}: unknown next {option.next!r}")
                if option.service is not None:
                    if option.service not in services:
                        problems.append(
                            f"question {question.id}: unknown service {option.service!r}"
                        )
                    reached.add(option.service)
        for service in self.services:
            if service.enabled and service.code not in reached:
                problems.append(f"service {service.code} is not reachable from any question")
        if problems:
            raise ValueError("; ".join(problems))
        return self
