"""Untrusted image files: every bad input becomes a typed error, never a crash or a huge decode."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.errors import ImageTooLarge, ImageUnreadable
from devices.image_files import decode_image, header_size, load_image, load_pages, sniff_format


def _encode(ext: str, image: np.ndarray | None = None) -> bytes:
    image = np.full((30, 40, 3), 128, np.uint8) if image is None else image
    ok, buffer = cv2.imencode(ext, image)
    assert ok
    return buffer.tobytes()


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims a size; a decoder would allocate width*height*3 bytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr
    chunk += struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + chunk + end


@pytest.mark.parametrize("ext", [".jpg", ".png", ".bmp", ".tiff", ".webp"])
def test_header_size_matches_the_real_size_for_each_format(ext: str) -> None:
    data = _encode(ext)
    kind = sniff_format(data)
    assert kind is not None
    assert header_size(data, kind) == (40, 30)
    assert decode_image(data).shape == (30, 40, 3)


def test_format_comes_from_the_bytes_not_the_extension(tmp_path: Path) -> None:
    misnamed = tmp_path / "photo.jpg"
    misnamed.write_bytes(_encode(".png"))
    assert load_image(misnamed).shape == (30, 40, 3)


def test_decompression_bomb_is_refused_from_the_header_alone() -> None:
    with pytest.raises(ImageTooLarge):
        decode_image(_png_header_only(100_000, 100_000))


def test_truncated_jpeg_is_unreadable() -> None:
    data = _encode(".jpg", np.random.default_rng(0).integers(0, 255, (200, 200, 3), np.uint8))
    with pytest.raises(ImageUnreadable):
        decode_image(data[: len(data) // 2])


def test_truncated_png_is_unreadable() -> None:
    data = _encode(".png", np.random.default_rng(0).integers(0, 255, (200, 200, 3), np.uint8))
    with pytest.raises(ImageUnreadable):
        decode_image(data[: len(data) // 2])


@pytest.mark.parametrize(
    "content", [b"", b"hello", b"%PDF-1.4 not really", b"\xff\xd8\xff" + b"\x00" * 50]
)
def test_non_images_are_unreadable(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.jpg"
    path.write_bytes(content)
    with pytest.raises(ImageUnreadable):
        load_image(path)


def test_missing_file_and_folder_are_unreadable(tmp_path: Path) -> None:
    with pytest.raises(ImageUnreadable):
        load_image(tmp_path / "missing.png")
    with pytest.raises(ImageUnreadable):
        load_image(tmp_path)


def test_damaged_pdf_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj garbage\n%%EOF\n")
    with pytest.raises(ImageUnreadable):
        load_pages(path)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2048), st.sampled_from([".jpg", ".png", ".bmp", ".tiff", ".webp"]))
def test_mutated_images_only_ever_raise_image_unreadable(noise: bytes, ext: str) -> None:
    good = _encode(ext)
    for data in (noise, good[: len(noise) % len(good)], good[:16] + noise, noise + good):
        try:
            image = decode_image(data)
        except ImageUnreadable:
            continue
        assert image.ndim == 3


def test_jpeg_bomb_is_refused_from_the_header_alone() -> None:
    data = bytearray(_encode(".jpg"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = (60000).to_bytes(2, "big") * 2  # height, width
    assert header_size(bytes(data), "jpeg") == (60000, 60000)
    with pytest.raises(ImageTooLarge):
        decode_image(bytes(data))


def test_truncated_jpeg_with_an_end_marker_appended_is_unreadable() -> None:
    """Cutting a JPEG and appending FF D9 fooled the end-marker check; libjpeg then filled the
    missing half with grey and only warned."""
    noise = np.random.default_rng(3).integers(0, 255, (480, 640, 3), dtype=np.uint8)
    data = _encode(".jpg", noise)
    with pytest.raises(ImageUnreadable, match="cut short"):
        decode_image(data[: len(data) // 2] + b"\xff\xd9")
    assert decode_image(data).shape == (480, 640, 3)  # the whole file still decodes


def test_a_flat_grey_jpeg_is_not_mistaken_for_a_truncated_one() -> None:
    grey = np.full((480, 640, 3), 128, np.uint8)
    grey[:100] = 40  # a dark band on top, the rest exactly mid-grey like libjpeg's fill
    assert decode_image(_encode(".jpg", grey)).shape == (480, 640, 3)
