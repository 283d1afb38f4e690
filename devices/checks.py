"""The two checks the capture screens run: a document photo, and a selfie.

Each returns a QualityReport listing issues most-important-first, because the live preview
shows only the first as its hint: there is no point saying "blurry" about a card that is
half out of the picture.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from devices.document import DOCUMENT_KINDS, DocumentKind, find_document, flatten
from devices.document_faults import FINGER_MIN_SHARE, SHADOW_MIN_SHARE, finger_share, shadow_share
from devices.faces import FACE_MIN_HEIGHT_SHARE, detect_faces, examine_face, find_eye_pair
from devices.geometry import PlaneShape, plane_shape, side_aspect
from devices.quality import (
    BRIGHT_CLIPPED_SHARE,
    FACE_SHARPNESS_MIN,
    QualityIssue,
    QualityReport,
    blur_issues,
    clipped_share,
    document_blur_issues,
    document_exposure_issues,
    exposure_issues,
    grey_percentiles,
    issue,
    largest_glare_blob,
    to_gray,
)

FRAME_DARK_MEDIAN = 40  # a whole frame darker than this, with no document found: too dark
FRAME_DARK_BRIGHTEST = 60  # ... and whose brightest 1 % stay below this (a dark desk in
# good light has brighter spots than that; a card in a dark room has none)
FRAME_GLARE_SHARE = 0.008  # a clipped blob this big (of the frame) where no card is found
TOO_SMALL_AREA = 0.10  # a document covering less of the frame than this: too small ...
TOO_SMALL_PIXELS = 480  # ... unless its long side still has this many pixels (a scan)
TOO_TILTED_DEGREES = 34.0  # a document tilted further than this from facing the camera


def document_kind(name: str) -> DocumentKind:
    """The DocumentKind for a name; "document" (the CLI's generic kind) means a KTP-sized card
    when the photo's aspect cannot tell, so callers with a real kind should pass it."""
    return DOCUMENT_KINDS.get(name, DOCUMENT_KINDS["ktp"])


def guess_kind(corners: np.ndarray, aspect: float | None = None) -> DocumentKind:
    """KTP (85.6:54 = 1.59) or KK (A4 landscape, 1.41), from the outline's real aspect."""
    if not aspect:
        aspect = side_aspect(corners)
    return DOCUMENT_KINDS["ktp"] if aspect > 1.5 else DOCUMENT_KINDS["kk"]


def _expected_aspect(kind: DocumentKind | None) -> float | None:
    if kind is None:
        return None
    return max(kind.aspect, 1 / kind.aspect)


def _without_document(image: np.ndarray, metrics: dict[str, Any]) -> QualityReport:
    """Nothing found: say why when the light explains it (dark, washed out, a glare spot
    hiding the card), else no_document."""
    gray = to_gray(image)
    median, brightest = grey_percentiles(gray, (50, 99))
    glare_blob = largest_glare_blob(gray)
    metrics.update(
        median_grey=median, brightest_grey=brightest, clipped_share=clipped_share(gray),
        glare_blob_share=glare_blob,
    )  # fmt: skip
    if median < FRAME_DARK_MEDIAN and brightest < FRAME_DARK_BRIGHTEST:
        return QualityReport((issue("too_dark"),), metrics)
    if metrics["clipped_share"] > BRIGHT_CLIPPED_SHARE:
        return QualityReport((issue("too_bright"),), metrics)
    if glare_blob >= FRAME_GLARE_SHARE:
        return QualityReport((issue("glare"),), metrics)
    return QualityReport((issue("no_document"),), metrics)


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
    detection = find_document(image, _expected_aspect(kind))
    if detection is None:
        return _without_document(image, metrics), None
    metrics.update(document_area=detection.area_fraction, edge_support=detection.edge_support)
    if detection.cut_off:
        return QualityReport((issue("document_cut_off"),), metrics, detection.corners), None
    report, flat = check_outline(image, detection.corners, kind, metrics)
    return report, flat


def check_outline(
    image: np.ndarray,
    corners: np.ndarray,
    kind: DocumentKind | None = None,
    metrics: dict[str, Any] | None = None,
) -> tuple[QualityReport, np.ndarray]:
    """Flattens the document at `corners` (found, or placed by the operator) and checks it.

    Most important first: too far, a finger over it, tilted too much, glare (with where),
    the light, a shadow, focus.
    """
    metrics = dict(metrics or {"width": image.shape[1], "height": image.shape[0]})
    shape = plane_shape(corners, (image.shape[1], image.shape[0]))
    area = float(cv2.contourArea(corners.astype(np.float32))) / (image.shape[0] * image.shape[1])
    if area < TOO_SMALL_AREA:
        shape = PlaneShape(side_aspect(corners), 0.0)  # too few pixels to judge perspective
    chosen = kind or guess_kind(corners, shape.aspect)
    metrics.update(
        kind=chosen.name, document_area=metrics.get("document_area", area),
        aspect=shape.aspect, tilt_degrees=shape.tilt_degrees,
    )  # fmt: skip
    flat = flatten(image, corners, chosen)
    gray = to_gray(flat)
    issues: list[QualityIssue] = []
    native = max(
        float(np.linalg.norm(corners[1] - corners[0])),
        float(np.linalg.norm(corners[3] - corners[0])),
    )
    if area < TOO_SMALL_AREA and native < TOO_SMALL_PIXELS:
        issues.append(issue("too_small"))  # (a card on a scanner is small but sharp)
    finger = finger_share(image, corners)
    metrics["finger_share"] = finger
    if finger >= FINGER_MIN_SHARE:
        issues.append(issue("finger"))
    if shape.tilt_degrees > TOO_TILTED_DEGREES and area >= TOO_SMALL_AREA:
        # (a far, small outline's tilt is too uncertain to blame)
        issues.append(issue("too_tilted"))
    subject = "card" if chosen.name == "ktp" else "document"
    lighting = document_exposure_issues(gray, metrics, subject)
    issues += lighting
    if not lighting:
        shadow = shadow_share(flat)
        metrics["shadow_share"] = shadow
        if shadow >= SHADOW_MIN_SHARE:
            issues.append(issue("shadow"))
    issues += document_blur_issues(gray, metrics, native)
    return QualityReport(tuple(issues), metrics, corners), flat


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
        # No face to judge the light on: dark clothing or a bright window must not turn a
        # hidden face into "too dark"; only a frame dark as a whole is blamed on the light.
        median, brightest = grey_percentiles(gray, (50, 99))
        metrics.update(median_grey=median, brightest_grey=brightest)
        if median < FRAME_DARK_MEDIAN and brightest < FRAME_DARK_BRIGHTEST:
            return QualityReport((issue("too_dark"),), metrics)
        return QualityReport((issue("no_face"),), metrics)
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
