"""Validation of what else the operator types: mobile numbers, names as on the KTP, RT/RW."""

from __future__ import annotations

import re

from kiosk.validation.result import ValidationResult

MAX_NAME_LENGTH = 60  # SIAK's limit for NAMA_LGKP
_NAME_ALLOWED = re.compile(r"^[A-Z .,'\-]+$")
_PHONE_SEPARATORS = re.compile(r"[\s\-().]")


def validate_phone(raw: str) -> ValidationResult:
    """Indonesian mobile numbers (WhatsApp), normalised to +62 8xx...

    Accepts 08..., 628..., +628... and 8...; mobile numbers have 9 to 12 digits after the 0.
    """
    cleaned = _PHONE_SEPARATORS.sub("", raw or "")
    result = ValidationResult(value=cleaned)
    if not cleaned:
        result.error("phone_empty", "Nomor HP wajib diisi", "Mobile number is required", "phone")
        return result
    national = cleaned
    if national.startswith("+62"):
        national = national[3:]
    elif national.startswith("62"):
        national = national[2:]
    elif national.startswith("0"):
        national = national[1:]
    if not national.isdigit() or not national.isascii():
        result.error(
            "phone_not_digits",
            "Nomor HP hanya boleh berisi angka (boleh diawali +62)",
            "A mobile number may contain digits only (optionally starting with +62)",
            "phone",
        )
        return result
    if not national.startswith("8"):
        result.error(
            "phone_not_mobile",
            "Ini bukan nomor HP; nomor HP diawali 08 (contoh 0812...)",
            "This is not a mobile number; mobile numbers start with 08 (e.g. 0812...)",
            "phone",
        )
        return result
    if not 9 <= len(national) <= 12:
        result.error(
            "phone_wrong_length",
            f"Nomor HP harus 10-13 digit diawali 08 (sekarang {len(national) + 1} digit)",
            f"A mobile number has 10-13 digits starting with 08 (this has {len(national) + 1})",
            "phone",
        )
        return result
    result.value = "+62" + national
    return result


def normalise_name(raw: str) -> str:
    """Names on the KTP are upper case with single spaces."""
    return " ".join((raw or "").split()).upper()


def validate_name(raw: str, *, field: str = "name") -> ValidationResult:
    """A full name as printed on the KTP: letters, spaces and . , ' - only."""
    name = normalise_name(raw)
    result = ValidationResult(value=name)
    if not name:
        result.error(f"{field}_empty", "Nama wajib diisi", "The name is required", field)
        return result
    if any(ch.isdigit() for ch in name):
        result.error(
            f"{field}_has_digits",
            "Nama tidak boleh berisi angka",
            "A name cannot contain digits",
            field,
        )
    elif not _NAME_ALLOWED.match(name):
        bad = "".join(sorted({ch for ch in name if not _NAME_ALLOWED.match(ch)}))
        result.error(
            f"{field}_invalid_characters",
            f"Nama berisi karakter yang tidak ada di KTP: {bad}",
            f"The name contains characters not used on the KTP: {bad}",
            field,
        )
    if len(name) > MAX_NAME_LENGTH:
        result.error(
            f"{field}_too_long",
            f"Nama paling panjang {MAX_NAME_LENGTH} karakter; tulis seperti di KTP/KK",
            f"A name has at most {MAX_NAME_LENGTH} characters; write it as on the KTP/KK",
            field,
        )
    if len(name.replace(" ", "")) < 2:
        result.warning(
            f"{field}_too_short",
            "Nama hanya satu huruf; pastikan sesuai KTP/KK",
            "The name is a single letter; make sure it matches the KTP/KK",
            field,
        )
    if re.search(r"(.)\1\1", name.replace(" ", "")):
        result.warning(
            f"{field}_repeated_letters",
            "Ada huruf yang berulang tiga kali; periksa salah ketik",
            "A letter repeats three times; check for a typing error",
            field,
        )
    return result


_RT_RW_EXAMPLES = {"rt": "005", "rw": "002"}
"""The examples the applicant step's placeholders show."""


def validate_rt_rw(raw: str, *, field: str = "rt") -> ValidationResult:
    """RT or RW: 1-3 digits, not zero, normalised to three digits ('5' -> '005')."""
    cleaned = (raw or "").strip()
    result = ValidationResult(value=cleaned)
    label = field.upper()
    example = _RT_RW_EXAMPLES.get(field, "005")
    if not cleaned:  # "_empty": not shown as an error before the field was left
        result.error(
            f"{field}_empty",
            f"{label} wajib diisi (contoh {example})",
            f"{label} is required (e.g. {example})",
            field,
        )
        return result
    if not cleaned.isdigit() or not cleaned.isascii() or len(cleaned) > 3:
        result.error(
            f"{field}_invalid",
            f"{label} harus berupa angka 1-3 digit (contoh {example})",
            f"{label} must be a number of 1-3 digits (e.g. {example})",
            field,
        )
        return result
    if int(cleaned) == 0:
        result.error(f"{field}_zero", f"{label} tidak boleh 000", f"{label} cannot be 000", field)
        return result
    result.value = cleaned.zfill(3)
    return result
