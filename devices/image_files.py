"""Reading images and PDFs from files without trusting them.

Files arrive from phones, scanners' shared folders and USB sticks. Any of them may be corrupt,
truncated, misnamed (a PDF called .jpg) or hostile (a 100000 x 100000 PNG that inflates to
30 GB). So the format is taken from the file's first bytes, never its extension, and the image
size is read from the header and checked against a pixel cap BEFORE the pixels are decoded.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import struct
import subprocess
import tempfile
from pathlib import Path

import cv2
import numpy as np

from devices.errors import (
    DeviceUnavailable,
    FileTooLarge,
    ImageTooLarge,
    ImageUnreadable,
    NotARegularFile,
)

log = logging.getLogger("kiosk.devices")

# An A4 page at 600 dpi is 35 Mpx; anything beyond 50 Mpx is no document photo.
MAX_PIXELS = 50_000_000
MAX_FILE_BYTES = 80 * 1024 * 1024
MAX_PDF_PAGES = 20


def sniff_format(data: bytes) -> str | None:
    """The container format from magic bytes: jpeg, png, bmp, tiff, webp, pdf, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"BM"):
        return "bmp"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    return None


def _jpeg_frame(data: bytes) -> int | None:
    """Where the JPEG's frame header (SOFn) starts, or None."""
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if 0xD0 <= marker <= 0xD9 or marker == 0x01:
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return pos
        pos += 2 + length
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = _jpeg_frame(data)
    if pos is None:
        return None
    height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
    return width, height


def _jpeg_mcu_height(data: bytes) -> int:
    """Pixel rows per MCU: 8 times the largest vertical sampling factor (16 for 4:2:0)."""
    pos = _jpeg_frame(data)
    if pos is None or pos + 10 > len(data):
        return 8
    count = data[pos + 9]
    factors = [data[pos + 11 + 3 * i] & 0x0F for i in range(count) if pos + 12 + 3 * i <= len(data)]
    return 8 * max([1, *factors]) if count > 1 else 8


def _grey_filled_tail(image: np.ndarray, mcu_height: int) -> bool:
    """Whether the picture ends in MCU rows of exactly (128, 128, 128).

    That is what libjpeg decodes for the MCUs a truncated file no longer holds (it only
    warns on stderr, so OpenCV returns the picture as if complete). A photo or scan never has
    rows of exactly one value: sensor and paper noise see to that. Only the last row is looked
    at unless it is grey, so a normal image costs one row.
    """
    height = image.shape[0]
    if height < 2 * mcu_height or not bool(np.all(image[-1] == 128)):
        return False
    flat = np.all(image == 128, axis=(1, 2))
    run = height if bool(flat.all()) else int(np.argmin(flat[::-1]))
    # The fill starts on an MCU row, give or take the one row chroma upsampling blends.
    offset = (height - run) % mcu_height
    return run >= mcu_height and offset in (0, 1, mcu_height - 1)


def _tiff_size(data: bytes) -> tuple[int, int] | None:
    endian = "<" if data[:2] == b"II" else ">"
    (offset,) = struct.unpack(endian + "I", data[4:8])
    if offset + 2 > len(data):
        return None
    (count,) = struct.unpack(endian + "H", data[offset : offset + 2])
    found: dict[int, int] = {}
    for index in range(min(count, 512)):
        entry = data[offset + 2 + 12 * index : offset + 14 + 12 * index]
        if len(entry) < 12:
            return None
        tag, kind = struct.unpack(endian + "HH", entry[:4])
        if tag in (256, 257):
            fmt = "H" if kind == 3 else "I"
            (found[tag],) = struct.unpack(endian + fmt, entry[8 : 8 + struct.calcsize(fmt)])
    if 256 in found and 257 in found:
        return found[256], found[257]
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
        return width, height
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def header_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """Width and height from the file header alone, or None when the header is unreadable."""
    try:
        if kind == "png" and len(data) >= 24:
            width, height = struct.unpack(">II", data[16:24])
            return int(width), int(height)
        if kind == "jpeg":
            return _jpeg_size(data)
        if kind == "bmp" and len(data) >= 26:
            width, height = struct.unpack("<ii", data[18:26])
            return abs(width), abs(height)
        if kind == "tiff":
            return _tiff_size(data)
        if kind == "webp":
            return _webp_size(data)
    except struct.error:
        return None
    return None


def _looks_truncated(data: bytes, kind: str) -> bool:
    if kind == "jpeg":
        return b"\xff\xd9" not in data[-65536:]
    if kind == "png":
        return b"IEND" not in data[-64:]
    return False


def decode_image(data: bytes, name: str = "image", max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Decodes image bytes to BGR after checking type, size and completeness.

    Raises:
        ImageUnreadable: not an image we accept, truncated, or undecodable.
        ImageTooLarge: the header announces more than `max_pixels` pixels.
    """
    kind = sniff_format(data)
    if kind is None or kind == "pdf":
        raise ImageUnreadable(f"{name}: not a JPEG/PNG/BMP/TIFF/WebP image")
    size = header_size(data, kind)
    if size is None or min(size) <= 0:
        raise ImageUnreadable(f"{name}: damaged {kind} header")
    if size[0] * size[1] > max_pixels:
        raise ImageTooLarge(f"{name}: {size[0]}x{size[1]} pixels")
    if _looks_truncated(data, kind):
        raise ImageUnreadable(f"{name}: file is cut short")
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None or image.size == 0:
        raise ImageUnreadable(f"{name}: cannot decode {kind}")
    if kind == "jpeg" and _grey_filled_tail(image, _jpeg_mcu_height(data)):
        raise ImageUnreadable(f"{name}: file is cut short")
    return image


def read_file_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, refusing missing, special and oversized files with a typed error.

    Only regular files are read (a symlink to one is fine): the type is checked before the
    open (so no device is ever opened) and again on the open descriptor (so a swap in between
    changes nothing). The open never blocks on a FIFO, and at most `max_bytes` + 1 bytes are
    read whatever the file claims its size is.

    Raises:
        NotARegularFile: a device, FIFO, socket or folder.
        FileTooLarge: more than `max_bytes`.
        ImageUnreadable: missing or unreadable.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise NotARegularFile(path.name)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise ImageUnreadable(f"{path.name}: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(path.name)
        if info.st_size > max_bytes:
            raise FileTooLarge(f"{path.name}: over {_megabytes(max_bytes)} MB")
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise ImageUnreadable(f"{path.name}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:  # it grew while being read
        raise FileTooLarge(f"{path.name}: over {_megabytes(max_bytes)} MB")
    return data


def _megabytes(size: int) -> str:
    return f"{size / 2**20:g}"


def load_image(path: Path, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """A BGR image from a file, whatever its extension says."""
    return decode_image(read_file_bytes(path), path.name, max_pixels)


def render_pdf(data: bytes, dpi: int = 150, max_pages: int = MAX_PDF_PAGES) -> list[np.ndarray]:
    """Renders PDF pages to BGR images, with pypdfium2 when present, else poppler's pdftoppm.

    Two renderers because pypdfium2 is a self-contained wheel (it works on the Windows kiosks)
    while pdftoppm is already on every Linux install of the kiosk.

    Raises:
        ImageUnreadable: the PDF is damaged, or a page would exceed the pixel cap.
        DeviceUnavailable: no PDF renderer is installed.
    """
    try:
        import pypdfium2
    except ImportError:
        return _render_with_pdftoppm(data, dpi, max_pages)
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise ImageUnreadable(f"PDF: {exc}") from exc
    try:
        pages = []
        for index in range(min(len(document), max_pages)):
            page = document[index]
            width, height = page.get_size()
            if (width * dpi / 72) * (height * dpi / 72) > MAX_PIXELS:
                raise ImageTooLarge(f"PDF page {index + 1} at {dpi} dpi")
            bitmap = page.render(scale=dpi / 72)
            rgb = bitmap.to_numpy()
            channels = rgb.shape[2] if rgb.ndim == 3 else 1
            code = {1: None, 3: cv2.COLOR_RGB2BGR, 4: cv2.COLOR_RGBA2BGR}[channels]
            pages.append(
                cv2.cvtColor(rgb, cv2.COLOR_GRAY2BGR) if code is None else cv2.cvtColor(rgb, code)
            )
        return pages
    finally:
        document.close()


def _render_with_pdftoppm(data: bytes, dpi: int, max_pages: int) -> list[np.ndarray]:
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise DeviceUnavailable("no PDF renderer (pypdfium2 or pdftoppm)")
    with tempfile.TemporaryDirectory(prefix="kiosk-pdf-") as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(data)
        command = [tool, "-r", str(dpi), "-l", str(max_pages), "-png", str(source)]
        result = subprocess.run(
            [*command, str(Path(folder) / "page")], capture_output=True, timeout=120, check=False
        )
        if result.returncode != 0:
            raise ImageUnreadable("PDF: " + result.stderr.decode(errors="replace")[:200])
        return [load_image(page) for page in sorted(Path(folder).glob("page*.png"))]


def pages_from_bytes(data: bytes, name: str = "file", dpi: int = 150) -> list[np.ndarray]:
    """Every image in a file's bytes: the pages of a PDF, or the one image of an image file."""
    if sniff_format(data) == "pdf":
        pages = render_pdf(data, dpi)
        if not pages:
            raise ImageUnreadable(f"{name}: PDF has no pages")
        log.debug("rendered %d PDF page(s) at %d dpi", len(pages), dpi)
        return pages
    return [decode_image(data, name)]


def load_pages(path: Path, dpi: int = 150) -> list[np.ndarray]:
    """Every image in a file: the pages of a PDF, or the one image of an image file."""
    return pages_from_bytes(read_file_bytes(path), path.name, dpi)
