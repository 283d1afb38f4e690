"""The questionnaire walk and the applicant form, without any widget."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.applications.sealed_files import applicant_fields
from kiosk.catalog import CatalogView, load_catalog
from kiosk.contract import CONTACT_CONSENT_FIELD, CONTACT_EMAIL_FIELD
from ui.viewmodels.applicant import ApplicantForm, format_phone, parse_birth_date
from ui.viewmodels.questionnaire import Questionnaire
from ui.viewmodels.service_overview import service_overview
from ui.viewmodels.typed_values import group_phone

TODAY = date(2024, 5, 1)


@pytest.fixture(scope="module")
def catalog() -> CatalogView:
    return load_catalog()


def test_the_questions_lead_to_a_service_and_back(catalog: CatalogView) -> None:
    walk = Questionnaire(catalog)
    assert walk.current is not None
    assert walk.current.id == "layanan"
    assert not walk.can_go_back
    assert walk.choose(0) is None  # KTP-el
    assert walk.choose(1) is None  # sudah pernah rekam
    assert walk.choose(0) == "ktp-el-hilang"
    assert walk.current is None
    assert [a.answer.id for a in walk.answers()] == ["KTP-el", "Sudah pernah", "Hilang"]
    assert walk.back()
    assert walk.service is None
    assert walk.current is not None
    assert walk.current.id == "ktp-keadaan"
    assert walk.choose(1) == "ktp-el-rusak"
    with pytest.raises(ValueError, match="already answered"):
        walk.choose(0)


def test_saved_answers_replay_and_stop_where_the_catalog_changed(catalog: CatalogView) -> None:
    walk = Questionnaire(catalog)
    walk.choose(0)
    walk.choose(1)
    walk.choose(0)
    again = Questionnaire(catalog)
    again.restore(walk.to_dict())
    assert again.service == "ktp-el-hilang"
    assert again.path == walk.path
    stale = Questionnaire(catalog)
    stale.restore({"path": [["layanan", 0], ["no-such-question", 3]], "service": None})
    assert stale.path == [("layanan", 0)]
    assert stale.current is not None
    assert stale.current.id == "ktp-rekam"
    bad = Questionnaire(catalog)
    bad.restore({"path": [["layanan", 99]]})
    assert bad.path == []


def test_the_service_overview_lists_documents_forms_and_promise(catalog: CatalogView) -> None:
    overview = service_overview(catalog, "kk-hilang-rusak")
    assert [d.code for d in overview.required] == ["ktp-el"]
    assert [[d.code for d in g] for g in overview.one_of] == [["surat-kehilangan", "kk-rusak"]]
    assert overview.promise.id == "1 hari kerja"
    assert overview.promise.en == "1 working day"
    assert overview.needs_selfie
    assert overview.needs_signature
    assert [code for code, _ in overview.forms] == ["F-1.02"]


@pytest.mark.parametrize(
    ("text", "expected", "codes"),
    [
        ("17-08-1990", date(1990, 8, 17), []),
        ("17/08/1990", date(1990, 8, 17), []),
        ("17081990", date(1990, 8, 17), []),
        ("1990-08-17", date(1990, 8, 17), []),
        ("17-08-19", None, ["birth_date_incomplete"]),
        ("1708", None, ["birth_date_incomplete"]),
        ("31-02-1990", None, ["birth_date_invalid"]),
        ("kemarin", None, ["birth_date_invalid"]),
        ("", None, ["birth_date_empty"]),
        ("01-01-2030", date(2030, 1, 1), ["birth_date_in_future"]),
    ],
)
def test_birth_dates_are_read_as_operators_type_them(
    text: str, expected: date | None, codes: list[str]
) -> None:
    value, issues = parse_birth_date(text, TODAY)
    assert value == expected
    assert [i.code for i in issues] == codes


def test_an_incomplete_nik_is_progress_until_the_field_is_left() -> None:
    form = ApplicantForm(TODAY)
    form.set_value("nik", "3171 0157")
    state = form.state("nik")
    assert state.status == "typing"
    assert state.progress == "8/16"
    assert state.issues == ()
    assert "nik" in form.error_fields()  # still blocks going on
    form.leave("nik")
    assert [i.code for i in form.state("nik").errors] == ["nik_wrong_length"]


def test_a_wrong_character_is_an_error_at_once_with_the_validators_message() -> None:
    form = ApplicantForm(TODAY)
    form.set_value("nik", "317101570890000A")
    state = form.state("nik")
    assert state.status == "error"
    assert state.errors[0].message_id == "NIK hanya boleh berisi angka"
    assert state.errors[0].message_en == "NIK may contain digits only"


def test_the_nik_is_decoded_and_checked_against_what_was_typed() -> None:
    form = ApplicantForm(TODAY)
    form.set_value("nik", "3171015708900001")
    info = form.nik_info()
    assert info is not None
    assert (info.province, info.regency, info.district) == (
        "Daerah Khusus Ibukota Jakarta",
        "Kota Administrasi Jakarta Pusat",
        "Gambir",
    )
    assert (info.birth_date, info.sex) == (date(1990, 8, 17), "P")
    form.set_value("birth_date", "18-08-1990")
    form.set_value("sex", "L")
    assert [i.code for i in form.state("birth_date").warnings] == ["nik_birth_date_mismatch"]
    assert [i.code for i in form.state("sex").warnings] == ["nik_sex_mismatch"]
    assert form.state("nik").issues == ()  # routed to the field the operator must look at
    assert "birth_date" not in form.error_fields()
    assert form.state("birth_date").status == "warning"
    form.acknowledge("birth_date")
    assert form.state("birth_date").status == "ok"
    assert [i.code for i in form.unacknowledged_warnings()] == ["nik_sex_mismatch"]


def test_the_whatsapp_number_is_normalised_and_optional() -> None:
    form = ApplicantForm(TODAY)
    assert form.state("phone").issues == ()
    form.set_value("phone", "0812-3456-7890")
    assert form.phone_normalised == "+6281234567890"
    assert format_phone(form.phone_normalised) == "+62 812-3456-7890"
    form.set_value("phone", "021 555 1234")
    assert [i.code for i in form.state("phone").errors] == ["phone_not_mobile"]


def test_a_complete_form_gives_the_applicant_as_stored() -> None:
    form = ApplicantForm(TODAY)
    for name, value in {
        "nik": "3171-0157-0890-0001",
        "no_kk": "3171010101100002",
        "name": "  siti   aminah ",
        "birth_date": "17.08.1990",
        "phone": "+62 812 3456 7890",
    }.items():
        form.set_value(name, value)
    assert form.valid
    applicant = form.to_applicant()
    assert (applicant.nik, applicant.name, applicant.sex) == (
        "3171015708900001",
        "SITI AMINAH",
        "P",  # taken from the NIK when not chosen
    )
    assert applicant.phone == "+6281234567890"
    again = ApplicantForm(TODAY)
    again.restore(form.to_dict())
    assert again.to_applicant() == applicant
    prefilled = ApplicantForm(TODAY)
    prefilled.prefill(applicant.as_payload())
    assert prefilled.values["birth_date"] == "17-08-1990"
    assert prefilled.to_applicant() == applicant


def test_consent_to_be_contacted_travels_as_sealed_fields() -> None:
    form = ApplicantForm(TODAY)
    form.set_value("phone", "0812-3456-7890")
    assert form.to_applicant().extra == {}  # no consent: nothing is sent to the server
    form.set_contact(whatsapp=True, email=True, address="siti@contoh")
    assert form.contact_problem() == "email_invalid"
    assert form.to_applicant().extra == {"kontak_izin": "whatsapp"}
    form.set_contact(whatsapp=True, email=True, address=" siti@contoh.id ")
    assert form.contact_problem() is None
    applicant = form.to_applicant()
    assert applicant.extra == {"kontak_izin": "whatsapp,email", "kontak_email": "siti@contoh.id"}
    sealed = applicant_fields(applicant.as_payload())
    assert sealed[CONTACT_CONSENT_FIELD] == "whatsapp,email"
    assert sealed[CONTACT_EMAIL_FIELD] == "siti@contoh.id"
    again = ApplicantForm(TODAY)
    again.restore(form.to_dict())
    assert again.to_applicant().extra == applicant.extra
    prefilled = ApplicantForm(TODAY)
    prefilled.prefill(applicant.as_payload())
    assert (prefilled.contact_whatsapp, prefilled.contact_email) == (True, True)
    assert prefilled.email == "siti@contoh.id"


def test_whatsapp_consent_needs_a_number() -> None:
    form = ApplicantForm(TODAY)
    form.set_contact(whatsapp=True, email=False, address="")
    assert form.contact_problem() == "whatsapp_needs_phone"
    assert form.to_applicant().extra == {}


def test_a_valid_nik_prefills_birth_date_and_sex_and_enter_skips_them() -> None:
    form = ApplicantForm(TODAY)
    form.set_value("nik", "3171015708900001")  # women add 40 to the day: 57 -> 17
    assert (form.values["birth_date"], form.values["sex"]) == ("17-08-1990", "P")
    assert form.suggested == {"birth_date", "sex"}
    assert form.next_to_fill("name") == "phone"  # jumps over what the NIK filled in
    assert form.next_to_fill("nik") == "no_kk"
    form.set_value("nik", "3171011708900001")  # a typo fixed: the suggestions follow
    assert (form.values["birth_date"], form.values["sex"]) == ("17-08-1990", "L")
    form.set_value("sex", "P")  # the operator's choice is never overwritten
    form.set_value("nik", "3171015708910001")
    assert (form.values["birth_date"], form.values["sex"]) == ("17-08-1991", "P")
    assert form.suggested == {"birth_date"}
    assert form.next_to_fill("sex") == "phone"


def test_a_restored_draft_keeps_the_nik_suggestions_and_still_follows_the_nik() -> None:
    form = ApplicantForm(TODAY)
    form.set_value("nik", "3171015708900001")
    form.set_value("sex", "P")  # the operator chose the sex: only the date is a suggestion
    again = ApplicantForm(TODAY)
    again.restore(form.to_dict())
    assert again.suggested == {"birth_date"}
    assert again.next_to_fill("name") == "sex"
    again.set_value("nik", "3171015708910001")  # a typo fixed after the resume
    assert (again.values["birth_date"], again.values["sex"]) == ("17-08-1991", "P")


def test_a_draft_saved_without_suggestions_takes_the_nik_values_never_left_as_suggested() -> None:
    form = ApplicantForm(TODAY)
    form.set_value("nik", "3171015708900001")
    form.leave("sex")  # the operator went through the sex box: confirmed
    data = form.to_dict()
    del data["suggested"]  # as drafts were saved before
    again = ApplicantForm(TODAY)
    again.restore(data)
    assert again.suggested == {"birth_date"}
    corrected = ApplicantForm(TODAY)
    corrected.prefill(form.to_applicant().as_payload())
    assert corrected.suggested == set()  # a correction's values are the stored ones


def test_a_typed_birth_date_is_never_overwritten_by_the_nik() -> None:
    form = ApplicantForm(TODAY)
    form.set_value("birth_date", "18-08-1990")
    form.set_value("nik", "3171015708900001")
    assert form.values["birth_date"] == "18-08-1990"
    assert form.suggested == {"sex"}
    assert [i.code for i in form.state("birth_date").warnings] == ["nik_birth_date_mismatch"]


@pytest.mark.parametrize(
    ("digits", "born"),
    [("010120", date(2020, 1, 1)), ("311299", date(1999, 12, 31)), ("150826", date(1926, 8, 15))],
)
def test_the_nik_century_gives_an_age_from_0_to_110(digits: str, born: date) -> None:
    form = ApplicantForm(date(2026, 6, 1))
    form.set_value("nik", f"317101{digits}0001")
    assert form.birth_date == born


def test_leaving_a_field_shows_its_short_form_in_full() -> None:
    form = ApplicantForm(TODAY)
    for name, typed, shown in (
        ("rt", "1", "001"),
        ("rw", "12", "012"),
        ("birth_date", "17081990", "17-08-1990"),
        ("birth_date", "17/8/1990", "17-08-1990"),
        ("rt", "1a", "1a"),  # wrong stays as typed, with its error
    ):
        form.set_value(name, typed)
        form.leave(name)
        assert form.values[name] == shown, name


@pytest.mark.parametrize(
    ("typed", "cursor", "grouped", "after"),
    [
        ("08123", 5, "0812 3", 6),
        ("081234567890", 12, "0812 3456 7890", 14),
        ("0812345678901", 13, "0812 3456 78901", 15),
        ("0812 3456 ", 10, "0812 3456", 9),  # the last digit deleted: no dangling space
        ("08912 345", 3, "0891 2345", 3),  # typed in the middle: the cursor stays after it
        ("+6281234567890", 14, "+62 812 3456 7890", 17),
        ("0812-3456", 9, "0812 3456", 9),
        ("08a1", 4, "08a1", 4),  # not a number: left as typed for the validator to name
    ],
)
def test_phone_digits_group_themselves_as_typed(
    typed: str, cursor: int, grouped: str, after: int
) -> None:
    assert group_phone(typed, cursor) == (grouped, after)
