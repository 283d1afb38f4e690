"""FROZEN COPY of devices/checks.py before the colour-edge detector,
for bench/detection.py only: the product has one detector (devices/).
Do not change it, and import it nowhere else.

The two checks the capture screens run: a document photo, and a selfie.

Each returns a QualityReport listing issues most-important-first, because the live preview
shows only the first as its hint: there is no point saying "blurry" about a card that is
half out of the picture.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bench.legacy.document import DOCUMENT_KINDS, DocumentKind, find_document, flatten
from bench.legacy.quality import (
    BRIGHT_CLIPPED_SHARE,
    FACE_SHARPNESS_MIN,
    QualityIssue,
    QualityReport,
    blur_issues,
    clipped_share,
    exposure_issues,
    issue,
    to_gray,
)
from devices.faces import FACE_MIN_HEIGHT_SHARE, detect_faces, examine_face, find_eye_pair

FRAME_DARK_MEDIAN = 35  # a whole frame darker than this, with no document found: too dark
TOO_SMALL_AREA = 0.10  # a document covering less of the frame than this: too small


def document_kind(name: str) -> DocumentKind:
    """The DocumentKind for a name; "document" (the CLI's generic kind) means a KTP-sized card
    when the photo's aspect cannot tell, so callers with a real kind should pass it."""
    return DOCUMENT_KINDS.get(name, DOCUMENT_KINDS["ktp"])


def guess_kind(corners: np.ndarray) -> DocumentKind:
    """KTP (85.6:54 = 1.59) or KK (A4 landscape, 1.41), from the found outline's aspect."""
    top = float(np.linalg.norm(corners[1] - corners[0]) + np.linalg.norm(corners[2] - corners[3]))
    side = float(np.linalg.norm(corners[3] - corners[0]) + np.linalg.norm(corners[2] - corners[1]))
    aspect = max(top, side) / max(min(top, side), 1e-6)
    return DOCUMENT_KINDS["ktp"] if aspect > 1.5 else DOCUMENT_KINDS["kk"]


def check_document(
    image: np.ndarray, kind: DocumentKind | None = None
) -> tuple[QualityReport, np.ndarray | None]:
    """Finds the document, flattens it and checks it.

    Args:
        image: BGR photo or scan.
        kind: expected document kind; None guesses KTP or KK from the outline.

    Returns:
        The report, and the flattened upright document (None when none was found or it is
        cut off, since a partial card must be retaken anyway).
    """
    metrics: dict[str, Any] = {"width": image.shape[1], "height": image.shape[0]}
    detection = find_document(image)
    if detection is None:
        # Without a document the subject is unknown, so only a frame that is dark or washed
        # out as a whole is blamed on the light; a dim desk alone is not.
        gray = to_gray(image)
        metrics.update(median_grey=float(np.median(gray)), clipped_share=clipped_share(gray))
        if metrics["median_grey"] < FRAME_DARK_MEDIAN:
            return QualityReport((issue("too_dark"),), metrics), None
        if metrics["clipped_share"] > BRIGHT_CLIPPED_SHARE:
            return QualityReport((issue("too_bright"),), metrics), None
        return QualityReport((issue("no_document"),), metrics), None
    metrics.update(document_area=detection.area_fraction, edge_support=detection.edge_support)
    if detection.cut_off:
        return QualityReport((issue("document_cut_off"),), metrics, detection.corners), None
    chosen = kind or guess_kind(detection.corners)
    metrics["kind"] = chosen.name
    flat = flatten(image, detection.corners, chosen)
    gray = to_gray(flat)
    issues: list[QualityIssue] = []
    if detection.area_fraction < TOO_SMALL_AREA:
        issues.append(issue("too_small"))
    issues += exposure_issues(gray, metrics)
    issues += blur_issues(gray, metrics)
    return QualityReport(tuple(issues), metrics, detection.corners), flat


def check_selfie(image: np.ndarray) -> QualityReport:
    """One uncovered face, big enough, in focus and lit: what the district office accepts."""
    metrics: dict[str, Any] = {"width": image.shape[1], "height": image.shape[0]}
    faces = detect_faces(image)
    covered_by_cascade = False
    if not faces:
        eyes_face = find_eye_pair(image)
        if eyes_face is not None:
            # Eyes without a frontal face: the lower face is hidden (hand, scarf, mask).
            faces, covered_by_cascade = [eyes_face], True
    metrics["faces"] = len(faces)
    gray = to_gray(image)
    if not faces:
        lighting = exposure_issues(gray, metrics)
        return QualityReport(tuple(lighting or [issue("no_face")]), metrics)
    if len(faces) > 1:
        return QualityReport((issue("multiple_faces"),), metrics, faces=tuple(faces))
    box = faces[0]
    finding = examine_face(image, box)
    metrics.update(
        face_height_share=box[3] / image.shape[0],
        lower_face_colour_distance=finding.colour_distance,
        lower_face_vertical_ratio=finding.vertical_ratio,
        face_found_by_eyes_only=covered_by_cascade,
    )
    issues: list[QualityIssue] = []
    if box[3] / image.shape[0] < FACE_MIN_HEIGHT_SHARE:
        issues.append(issue("face_too_small"))
    if covered_by_cascade or finding.covered:
        issues.append(issue("face_covered"))
    x, y, w, h = (max(0, v) for v in box)
    face_gray = gray[y : y + h, x : x + w]
    issues += exposure_issues(face_gray if face_gray.size else gray, metrics)
    if face_gray.shape[0] >= 32 and face_gray.shape[1] >= 32:
        issues += blur_issues(face_gray, metrics, width=96, minimum=FACE_SHARPNESS_MIN)
    return QualityReport(tuple(issues), metrics, faces=(box,))
