"""Builders of valid applications for tests (and for the crash-test child process)."""

from __future__ import annotations

import os
import random
from datetime import date
from typing import Any

from kiosk.applications.intake import Applicant, AttachmentInput, NewApplication
from kiosk.applications.status import Status

ADDRESS = {"alamat": "Jl. Melati No. 12", "rt": "001", "rw": "002", "kode_wilayah": "31.71.01.1001"}
"""A valid address (Gambir, Jakarta Pusat) for the services whose forms carry one."""
JPEG_HEADER = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


def fake_jpeg(size: int, seed: int | None = None) -> bytes:
    """Bytes that pass the content sniffing; random so every attachment hash differs."""
    body = random.Random(seed).randbytes(size) if seed is not None else os.urandom(size)
    return JPEG_HEADER + body[: max(0, size - len(JPEG_HEADER) - 2)] + b"\xff\xd9"


def make_nik(serial: int, *, female: bool = False) -> str:
    day = 17 + (40 if female else 0)
    return f"317101{day:02d}0890{serial % 9999 + 1:04d}"


def ktp_el_hilang(
    serial: int = 1, *, attachment_size: int = 2_000, operator: str = "petugas1"
) -> NewApplication:
    return NewApplication(
        service="ktp-el-hilang",
        applicant=Applicant(
            nik=make_nik(serial),
            no_kk="3171010101100002",
            name=f"BUDI SANTOSO {chr(65 + serial % 26)}",
            birth_date=date(1990, 8, 17),
            sex="L",
            phone="081234567890",
            address=dict(ADDRESS),
        ),
        attachments=[
            AttachmentInput("kk", fake_jpeg(attachment_size)),
            AttachmentInput("surat-kehilangan", fake_jpeg(attachment_size)),
        ],
        operator=operator,
    )


def real_jpeg(seed: int, size: tuple[int, int] = (240, 320)) -> bytes:
    """A small, decodable JPEG (noise, so every seed hashes differently)."""
    import cv2
    import numpy as np

    noise = np.random.default_rng(seed).integers(0, 255, (*size, 3), dtype=np.uint8)
    ok, encoded = cv2.imencode(".jpg", noise)
    assert ok
    return bytes(encoded.tobytes())


def open_lost_ktp_of(person: dict[str, str], operator: str = "petugas1") -> NewApplication:
    """The lost-KTP application of a woman born 1990-08-17 (her NIK, No. KK and name from
    `person`), with two real images: an earlier one still open, for the duplicate checks."""
    return NewApplication(
        service="ktp-el-hilang",
        applicant=Applicant(
            nik=person["nik"],
            no_kk=person["no_kk"],
            name=person["name"],
            birth_date=date(1990, 8, 17),
            sex="P",
            address=dict(ADDRESS),
        ),
        attachments=[
            AttachmentInput("kk", real_jpeg(1)),
            AttachmentInput("surat-kehilangan", real_jpeg(2)),
        ],
        operator=operator,
    )


def rejected_by_server(records: Any, application_id: str) -> None:
    """Version 1 received, then rejected for a blurred KK photo, as the status feed reports."""
    records.transition(application_id, 1, Status.RECEIVED, source="server")
    records.transition(
        application_id,
        1,
        Status.REJECTED,
        reason="Foto KK buram",
        fix_hint="Foto ulang KK asli",
        source="server",
    )
