"""Looking at PDFs the way a person and a scanner do: poppler for text and pixels, zbar for QR."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from PIL import Image
from pyzbar.pyzbar import Decoded, decode

MM_PER_INCH = 25.4


def pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "text.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_info(pdf: bytes, folder: Path) -> dict[str, str]:
    path = folder / "info.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def page_count(pdf: bytes, folder: Path) -> int:
    return int(pdf_info(pdf, folder)["Pages"])


def page_size_mm(pdf: bytes, folder: Path) -> tuple[float, float]:
    match = re.match(r"([\d.]+) x ([\d.]+) pts", pdf_info(pdf, folder)["Page size"])
    assert match, "pdfinfo printed no page size"
    return float(match.group(1)) / 72 * MM_PER_INCH, float(match.group(2)) / 72 * MM_PER_INCH


def render_pages(pdf: bytes, folder: Path, dpi: int = 150) -> list[Path]:
    """Every page as a PNG at `dpi`, as `pdftoppm -r DPI -png` draws it."""
    path = folder / "pages.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(path), str(folder / "page")], check=True
    )
    return sorted(folder.glob("page*.png"))


def qr_codes(png: Path) -> list[Decoded]:
    with Image.open(png) as image:
        return [d for d in decode(image) if d.type == "QRCODE"]


def px_to_mm(pixels: int, dpi: int = 150) -> float:
    return pixels / dpi * MM_PER_INCH
