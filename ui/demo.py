"""Sample data for the demo profile: a few applications so the screens are not empty."""

from __future__ import annotations

from datetime import date

import cv2
import numpy as np

from kiosk.applications.intake import Applicant, AttachmentInput, NewApplication
from kiosk.store import Store

DEMO_APPLICANTS = (
    (
        "ktp-el-hilang",
        "3171015708900001",
        "3171010101100002",
        "SITI AMINAH",
        date(1990, 8, 17),
        "P",
    ),
    (
        "ktp-el-rusak",
        "3273011203850004",
        "3273011505120001",
        "BUDI SANTOSO",
        date(1985, 3, 12),
        "L",
    ),
    (
        "ktp-el-baru",
        "5108066101080003",
        "5108060202150007",
        "NI LUH PUTU AYU",
        date(2008, 1, 21),
        "P",
    ),
)


def sample_document_jpeg(label: str) -> bytes:
    """A plain card-like picture; real captures come from the camera or scanner."""
    image = np.full((540, 856, 3), 235, np.uint8)
    cv2.rectangle(image, (20, 20), (836, 520), (150, 110, 40), 6)
    cv2.putText(image, label, (60, 280), cv2.FONT_HERSHEY_SIMPLEX, 1.6, (40, 40, 40), 3)
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 80])
    if not ok:
        raise RuntimeError("JPEG encoder unavailable")
    return encoded.tobytes()


def seed_demo_applications(store: Store) -> None:
    for service, nik, no_kk, name, born, sex in DEMO_APPLICANTS:
        documents = store.catalog.service(service).required_documents
        store.submit(
            NewApplication(
                service=service,
                applicant=Applicant(nik, no_kk, name, born, sex, "081234567890"),
                attachments=[
                    AttachmentInput(doc, sample_document_jpeg(f"CONTOH {doc.upper()}"))
                    for doc in documents
                ],
                operator="demo",
            )
        )
