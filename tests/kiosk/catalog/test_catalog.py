from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.catalog import load_catalog
from kiosk.catalog.loader import DEFAULT_CATALOG
from kiosk.errors import CatalogError

REQUIRED_SERVICES = {
    "ktp-el-baru",
    "ktp-el-hilang",
    "ktp-el-rusak",
    "ktp-el-perubahan",
    "kk-baru",
    "kk-perubahan",
    "kk-hilang-rusak",
    "kia",
    "akta-kelahiran",
    "akta-kematian",
    "pindah-keluar",
    "pindah-datang",
}


def test_shipped_catalog_has_every_service_with_bilingual_names() -> None:
    catalog = load_catalog()
    assert {s.code for s in catalog.services} == REQUIRED_SERVICES
    for service in catalog.services:
        assert service.name.id
        assert service.name.en
        assert service.promise.value > 0


def test_ktp_el_hilang_needs_kk_and_police_report_and_generates_f102() -> None:
    catalog = load_catalog()
    service = catalog.service("ktp-el-hilang")
    assert service.required_documents == ["kk", "surat-kehilangan"]
    assert service.forms == ["F-1.02"]
    assert catalog.form("F-1.02").generated is True
    assert service.in_person is True
    assert catalog.missing_documents("ktp-el-hilang", {"kk"}) == ["surat-kehilangan"]


def test_guiding_questions_lead_to_ktp_el_baru_for_someone_never_recorded() -> None:
    catalog = load_catalog()
    first = catalog.first_question
    ktp = next(o for o in first.options if o.label.id == "KTP-el")
    assert ktp.next is not None
    recorded = catalog.question(ktp.next)
    assert recorded.text.id == "Sudah pernah perekaman KTP-el?"
    never = next(o for o in recorded.options if o.label.id == "Belum pernah")
    assert never.service == "ktp-el-baru"


def test_one_of_group_is_reported_as_a_single_missing_item() -> None:
    catalog = load_catalog()
    attached = {"ktp-el", "selfie-ktp", "tanda-tangan"}
    assert catalog.missing_documents("kk-hilang-rusak", attached) == ["surat-kehilangan|kk-rusak"]
    assert catalog.missing_documents("kk-hilang-rusak", attached | {"kk-rusak"}) == []


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_district_override_changes_a_promise_and_adds_a_document(tmp_path: Path) -> None:
    base = json.loads(DEFAULT_CATALOG.read_text(encoding="utf-8"))
    hilang = next(s for s in base["services"] if s["code"] == "ktp-el-hilang")
    override = {
        "documents": [
            {
                "code": "surat-rt",
                "name": {"id": "Surat pengantar RT", "en": "RT letter"},
                "kind": "page",
            }
        ],
        "services": [
            {
                **hilang,
                "promise": {"value": 15, "unit": "minutes"},
                "required_documents": ["kk", "surat-kehilangan", "surat-rt"],
            }
        ],
    }
    catalog = load_catalog(write(tmp_path / "buleleng.json", override))
    service = catalog.service("ktp-el-hilang")
    assert service.promise.describe("id") == "15 menit"
    assert "surat-rt" in service.required_documents
    assert len(catalog.services) == len(REQUIRED_SERVICES)


def test_district_can_disable_a_service(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path / "o.json", {"disable_services": ["kia"]}))
    assert "kia" not in {s.code for s in catalog.services}
    with pytest.raises(CatalogError):
        catalog.service("kia")
    options = [o.service for q in catalog.catalog.questions for o in q.options]
    assert "kia" not in options


@pytest.mark.parametrize(
    ("override", "needle"),
    [
        ({"services": [{"code": "x"}]}, "services"),
        (
            {
                "questions": [
                    {
                        "id": "layanan",
                        "text": {"id": "a", "en": "b"},
                        "options": [
                            {"label": {"id": "a", "en": "a"}, "service": "nope"},
                            {"label": {"id": "b", "en": "b"}, "next": "gone"},
                        ],
                    }
                ]
            },
            "unknown service 'nope'",
        ),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_override_is_refused_with_the_reason(
    tmp_path: Path, override: dict[str, object], needle: str
) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(write(tmp_path / "o.json", override))
    assert needle in info.value.message_en


def test_damaged_override_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "o.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CatalogError, match="not JSON"):
        load_catalog(path)


def test_promise_reads_naturally_in_both_languages() -> None:
    from kiosk.catalog.schema import Promise

    assert Promise(value=1, unit="working_days").describe("en") == "1 working day"
    assert Promise(value=3, unit="working_days").describe("en") == "3 working days"
    assert Promise(value=1, unit="working_days").describe("id") == "1 hari kerja"


@pytest.mark.parametrize(
    ("override", "words"),
    [
        ({"disable_services": "ktp-el-hilang"}, "harus daftar kode layanan"),
        ({"disable_services": ["ktp-el-hilng"]}, "tidak ada di katalog"),
        ({"services": "ktp-el"}, "harus punya 'code'"),
        ({"services": [{"code": "baru"}]}, "tidak valid"),
    ],
)
def test_a_pushed_override_with_the_wrong_shape_is_refused(
    override: dict[str, object], words: str
) -> None:
    from kiosk.catalog import catalog_with_override

    with pytest.raises(CatalogError, match=words):
        catalog_with_override(override)
