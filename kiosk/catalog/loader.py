"""Loading the catalog: the shipped default plus an optional district override.

An override file has the same shape as resources/catalog/services.json but every list is
optional; entries replace the default ones with the same code (or id) and new ones are added.
`disable_services` hides services a district does not offer. The merged result is validated as a
whole, so an override cannot leave a dangling reference.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.catalog.schema import Catalog, Document, Form, Question, Service
from kiosk.errors import CatalogError
from resources import RESOURCES_DIR

DEFAULT_CATALOG = RESOURCES_DIR / "catalog" / "services.json"
_MERGED_LISTS = {"documents": "code", "forms": "code", "services": "code", "questions": "id"}
_OVERRIDE_KEYS = {*_MERGED_LISTS, "schema_version", "first_question", "disable_services"}


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CatalogError(
            f"Berkas katalog tidak ditemukan: {path}", f"Catalog file not found: {path}"
        ) from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogError(
            f"Berkas katalog {path.name} rusak atau bukan JSON: {exc}",
            f"Catalog file {path.name} is damaged or not JSON: {exc}",
        ) from exc
    if not isinstance(data, dict):
        raise CatalogError(
            f"Berkas katalog {path.name} harus berisi objek JSON",
            f"Catalog file {path.name} must hold a JSON object",
        )
    return data


def merge_override(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(override) - _OVERRIDE_KEYS)
    if unknown:
        raise CatalogError(
            f"Kunci tidak dikenal di katalog daerah: {unknown}",
            f"Unknown keys in the district catalog: {unknown}",
        )
    merged = dict(base)
    for key, id_field in _MERGED_LISTS.items():
        items = {item[id_field]: item for item in base.get(key, [])}
        for item in override.get(key, []):
            if not isinstance(item, dict) or id_field not in item:
                raise CatalogError(
                    f"Setiap entri '{key}' di katalog daerah harus punya '{id_field}'",
                    f"Every '{key}' entry of the district catalog needs an '{id_field}'",
                )
            items[item[id_field]] = item
        merged[key] = list(items.values())
    if "first_question" in override:
        merged["first_question"] = override["first_question"]
    disabled_list = override.get("disable_services", [])
    if not isinstance(disabled_list, list) or not all(isinstance(c, str) for c in disabled_list):
        raise CatalogError(
            "'disable_services' di katalog daerah harus daftar kode layanan",
            "'disable_services' in the district catalog must be a list of service codes",
        )
    disabled = set(disabled_list)
    unknown_codes = sorted(disabled - {s["code"] for s in merged["services"]})
    if unknown_codes:
        raise CatalogError(
            f"Layanan yang dimatikan tidak ada di katalog: {unknown_codes}",
            f"Services to disable are not in the catalog: {unknown_codes}",
        )
    merged["services"] = [
        {**s, "enabled": False} if s["code"] in disabled else s for s in merged["services"]
    ]
    return merged


def load_catalog(override: Path | None = None, base: Path = DEFAULT_CATALOG) -> CatalogView:
    return catalog_with_override(None if override is None else _read_json(override), base)


def catalog_with_override(
    override: dict[str, Any] | None, base: Path = DEFAULT_CATALOG
) -> CatalogView:
    """The shipped catalog with a district override (a file's or a pushed configuration's)
    merged in and validated as a whole: the one check both the server and the kiosk run."""
    data = _read_json(base)
    if override is not None:
        if not isinstance(override, dict):
            raise CatalogError(
                "Katalog daerah harus berupa objek JSON", "The district catalog must be an object"
            )
        try:
            data = _drop_options_to_disabled(merge_override(data, override))
        except (TypeError, AttributeError, KeyError) as exc:  # a list where a map belongs
            raise CatalogError(
                f"Bentuk katalog daerah salah: {exc}", f"The district catalog is malformed: {exc}"
            ) from exc
    try:
        catalog = Catalog.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:5]
        )
        raise CatalogError(
            f"Katalog layanan tidak valid: {details}", f"The service catalog is invalid: {details}"
        ) from exc
    return CatalogView(catalog)


def _drop_options_to_disabled(data: dict[str, Any]) -> dict[str, Any]:
    disabled = {s["code"] for s in data["services"] if s.get("enabled") is False}
    if not disabled:
        return data
    questions = []
    for question in data["questions"]:
        options = [o for o in question["options"] if o.get("service") not in disabled]
        questions.append({**question, "options": options})
    return {**data, "questions": questions}


@dataclass(frozen=True)
class CatalogView:
    """Read access by code; the UI and the store never walk the raw lists."""

    catalog: Catalog

    def service(self, code: str) -> Service:
        for service in self.catalog.services:
            if service.code == code and service.enabled:
                return service
        raise CatalogError(
            f"Layanan '{code}' tidak ada di katalog", f"Service '{code}' is not in the catalog"
        )

    @property
    def services(self) -> list[Service]:
        return [s for s in self.catalog.services if s.enabled]

    def document(self, code: str) -> Document:
        for document in self.catalog.documents:
            if document.code == code:
                return document
        raise CatalogError(
            f"Dokumen '{code}' tidak ada di katalog", f"Document '{code}' is not in the catalog"
        )

    def needs_address(self, code: str) -> bool:
        """The service asks for the applicant's address (itself, or one of its forms does)."""
        service = self.service(code)
        return service.needs_address or any(self.form(f).needs_address for f in service.forms)

    def form(self, code: str) -> Form:
        for form in self.catalog.forms:
            if form.code == code:
                return form
        raise CatalogError(f"Formulir '{code}' tidak dikenal", f"Unknown form '{code}'")

    def question(self, question_id: str) -> Question:
        for question in self.catalog.questions:
            if question.id == question_id:
                return question
        raise CatalogError(
            f"Pertanyaan '{question_id}' tidak ada", f"Question '{question_id}' does not exist"
        )

    @property
    def first_question(self) -> Question:
        return self.question(self.catalog.first_question)

    def missing_documents(self, service_code: str, attached: set[str]) -> list[str]:
        """Required documents (and one-of groups, as 'a|b') not in `attached`."""
        service = self.service(service_code)
        missing = [d for d in service.required_documents if d not in attached]
        missing += ["|".join(g) for g in service.required_one_of if not attached.intersection(g)]
        if service.needs_selfie and "selfie-ktp" not in attached:
            missing.append("selfie-ktp")
        if service.needs_signature and "tanda-tangan" not in attached:
            missing.append("tanda-tangan")
        return missing

    def allowed_documents(self, service_code: str) -> set[str]:
        service = self.service(service_code)
        allowed = set(service.required_documents) | set(service.optional_documents)
        allowed |= {d for group in service.required_one_of for d in group}
        if service.needs_selfie:
            allowed.add("selfie-ktp")
        if service.needs_signature:
            allowed.add("tanda-tangan")
        return allowed
