"""The preview's view model, without Qt: hints, outline, shutter readiness."""

from __future__ import annotations

from devices.camera import CameraStatus
from devices.checks import check_document, document_kind
from devices.quality import issue
from resources.demo import media, selfies
from ui.capture.preview_model import (
    READY_HINT,
    STEADY_FRAMES,
    PreviewOverlay,
    PreviewState,
    analyse_frame,
    hint_for,
)


def test_document_frame_gives_outline_and_ready_hint() -> None:
    photo = media.document_photo(3, "ktp")
    overlay = analyse_frame(photo.image, "document", "ktp")
    assert overlay.ok
    assert overlay.codes == ()
    assert len(overlay.outline) == 4
    assert overlay.hint == f"{READY_HINT[0]} / {READY_HINT[1]}"
    assert overlay.frame_size == (1280, 720)


def test_small_card_hint_says_bring_it_closer() -> None:
    image = media.document_photo(3, "ktp", "too_small").image
    overlay = analyse_frame(image, "document")
    assert overlay.codes[0] == "too_small"
    assert overlay.hint.startswith("Terlalu jauh, dekatkan dokumen")
    # The live hint is, word for word, what `kiosk image check` prints for the same photo.
    report, _ = check_document(image, document_kind("ktp"))
    assert overlay.hint == report.issues[0].message


def test_masked_selfie_hint_and_face_box() -> None:
    overlay = analyse_frame(selfies.selfie("face_covered_mask"), "selfie")
    assert overlay.codes == ("face_covered",)
    assert overlay.hint.startswith("Wajah tertutup masker?")
    assert len(overlay.faces) == 1


def test_dark_hint() -> None:
    assert hint_for((issue("too_dark"),)).startswith("Terlalu gelap")


def test_shutter_needs_steady_good_frames_and_a_camera() -> None:
    state = PreviewState()

    def good() -> PreviewOverlay:
        return PreviewOverlay("document", True, (), "ok")

    state.on_status(CameraStatus("connected", "ready", (1280, 720)))
    for _ in range(STEADY_FRAMES - 1):
        state.on_overlay(good())
    assert not state.can_capture
    same = good()
    state.on_overlay(same)
    assert state.can_capture
    state.on_overlay(PreviewOverlay("document", False, ("blurry",), "blurry"))
    assert not state.can_capture
    for _ in range(STEADY_FRAMES - 1):
        state.on_overlay(same := good())
    state.on_overlay(same)  # the same check re-sent with a newer frame is not a new check
    assert not state.can_capture
    state.on_overlay(good())
    assert state.can_capture
    assert state.on_status(CameraStatus("disconnected", "Perangkat terputus / gone"))
    assert not state.can_capture
    assert state.hint == "Perangkat terputus / gone"
    assert not state.on_status(CameraStatus("disconnected", "Perangkat terputus / gone"))


def _card(offset: float = 0.0, ok: bool = True) -> PreviewOverlay:
    outline = (
        (100 + offset, 100.0),
        (500 + offset, 100.0),
        (500 + offset, 350.0),
        (100 + offset, 350.0),
    )
    return PreviewOverlay("document", ok, () if ok else ("blurry",), "", outline, (), (1280, 720))


def test_auto_capture_after_a_second_in_the_same_place_once() -> None:
    state = PreviewState()
    state.on_status(CameraStatus("connected", "ok"))
    state.on_overlay(_card(), now=10.0)
    state.on_overlay(_card(1.0), now=10.5)  # a tremor is the same place
    assert not state.should_auto_capture(now=10.9)
    state.on_overlay(_card(2.0), now=11.05)
    assert state.should_auto_capture(now=11.05)
    assert not state.should_auto_capture(now=11.5)  # once per resting period


def test_auto_capture_waits_when_the_card_moves_or_fails_a_check() -> None:
    state = PreviewState()
    state.on_status(CameraStatus("connected", "ok"))
    state.on_overlay(_card(), now=0.0)
    state.on_overlay(_card(80.0), now=0.8)  # moved: the second starts again
    assert not state.should_auto_capture(now=1.5)
    state.on_overlay(_card(80.0, ok=False), now=1.6)
    state.on_overlay(_card(80.0), now=1.7)
    assert not state.should_auto_capture(now=2.5)
    assert state.should_auto_capture(now=2.8)
