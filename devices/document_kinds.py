"""The kinds of document the kiosk captures, and their output geometry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentKind:
    """Output geometry per kind of document.

    Attributes:
        name: "ktp" (ID-1 card, 85.6 x 54 mm), "kk" (A4 landscape) or "page" (A4 portrait).
        aspect: width / height of the upright document.
        width: output width in pixels after warping.
        target_bytes: compression budget for the stored attachment.
    """

    name: str
    aspect: float
    width: int
    target_bytes: int


DOCUMENT_KINDS = {
    "ktp": DocumentKind("ktp", 85.6 / 54.0, 1000, 150_000),
    "kk": DocumentKind("kk", 297 / 210, 1754, 300_000),
    "page": DocumentKind("page", 210 / 297, 1240, 300_000),
}
SHAPES = (85.6 / 54.0, 297 / 210)  # long/short side: ID-1 card, A4
