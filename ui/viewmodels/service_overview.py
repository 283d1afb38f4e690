"""What a chosen service asks of the citizen, read off the catalog for the service step."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.catalog import CatalogView, Text


@dataclass(frozen=True)
class DocumentLine:
    code: str
    name: Text
    original_only: bool


@dataclass(frozen=True)
class ServiceOverview:
    code: str
    name: Text
    description: Text | None
    note: Text | None
    required: tuple[DocumentLine, ...]
    one_of: tuple[tuple[DocumentLine, ...], ...]
    """Groups of which the citizen brings at least one each (lost OR damaged)."""
    optional: tuple[DocumentLine, ...]
    forms: tuple[tuple[str, Text], ...]
    """(form code, name) of the regulation forms; the kiosk fills the generated ones."""
    in_person: bool
    promise: Text
    needs_selfie: bool
    needs_signature: bool


def service_overview(catalog: CatalogView, code: str) -> ServiceOverview:
    service = catalog.service(code)

    def line(doc_code: str) -> DocumentLine:
        document = catalog.document(doc_code)
        return DocumentLine(doc_code, document.name, document.original_only)

    return ServiceOverview(
        code=service.code,
        name=service.name,
        description=service.description,
        note=service.requirements_note,
        required=tuple(line(c) for c in service.required_documents),
        one_of=tuple(tuple(line(c) for c in group) for group in service.required_one_of),
        optional=tuple(line(c) for c in service.optional_documents),
        forms=tuple((f, catalog.form(f).name) for f in service.forms),
        in_person=service.in_person,
        promise=Text(id=service.promise.describe("id"), en=service.promise.describe("en")),
        needs_selfie=service.needs_selfie,
        needs_signature=service.needs_signature,
    )
