"""`kiosk image check|prepare`, `kiosk scan-code` and `kiosk devices`: capture tools for support.

Operators and support staff use these to see why a photo is refused, to prepare a document
from a file by hand, and to check which cameras and scanners the kiosk sees. Heavy modules
(OpenCV, the device layer) are imported inside the handlers so `kiosk --help` stays fast.

Exit status: 0 when the command ran (even if the image has issues), 1 when the file cannot be
used (unreadable, no document in it, no device library), 2 for usage errors (argparse).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

DOCUMENT_KINDS = ("document", "ktp", "kk", "page")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Adds the image, scan-code and devices commands."""
    image = subparsers.add_parser(
        "image", help="periksa dan siapkan foto dokumen / check and prepare document photos"
    )
    image_commands = image.add_subparsers(dest="image_command", metavar="ACTION", required=True)

    check = image_commands.add_parser(
        "check", parents=[common], help="periksa mutu foto / check photo quality"
    )
    check.add_argument("file", type=Path)
    check.add_argument("--kind", choices=(*DOCUMENT_KINDS, "selfie"), default="document")
    check.add_argument("--json", action="store_true", help="print JSON")
    check.set_defaults(handler=check_command)

    prepare = image_commands.add_parser(
        "prepare",
        parents=[common],
        help="luruskan dan kompres dokumen / flatten and compress a document",
    )
    prepare.add_argument("input", type=Path)
    prepare.add_argument("output", type=Path)
    prepare.add_argument("--kind", choices=DOCUMENT_KINDS, default="document")
    prepare.add_argument("--target-bytes", type=int, help="size budget (default per kind)")
    prepare.add_argument(
        "--ocr", action="store_true", help="suggest NIK/name by OCR (for the operator to confirm)"
    )
    prepare.add_argument("--json", action="store_true", help="print JSON")
    prepare.set_defaults(handler=prepare_command)

    scan = subparsers.add_parser(
        "scan-code",
        parents=[common],
        help="baca QR/barcode dari gambar atau PDF / read QR codes and barcodes",
    )
    scan.add_argument("file", type=Path)
    scan.add_argument("--dpi", type=int, default=150, help="PDF render resolution")
    scan.add_argument("--json", action="store_true", help="print JSON")
    scan.set_defaults(handler=scan_code_command)

    devices = subparsers.add_parser(
        "devices", parents=[common], help="daftar kamera dan pemindai / list cameras and scanners"
    )
    devices.add_argument("--json", action="store_true", help="print JSON")
    devices.set_defaults(handler=devices_command)


def _fail(args: argparse.Namespace, message: str) -> int:
    if getattr(args, "json", False):
        print(json.dumps({"error": message}, ensure_ascii=False))
    print(message, file=sys.stderr)
    return 1


def _emit(args: argparse.Namespace, payload: Any, lines: list[str]) -> None:
    if args.json:
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print("\n".join(lines))


def check_command(args: argparse.Namespace) -> int:
    """`kiosk image check FILE --kind document|ktp|kk|page|selfie`."""
    from devices.checks import check_document, check_selfie
    from devices.document import DOCUMENT_KINDS as KINDS
    from devices.errors import DeviceError
    from devices.image_files import load_image

    try:
        image = load_image(args.file)
    except DeviceError as exc:
        return _fail(args, exc.message)
    if args.kind == "selfie":
        report = check_selfie(image)
    else:
        report, _ = check_document(image, KINDS.get(args.kind))
    payload = report.to_json()
    if report.corners is not None:
        payload["metrics"]["corners"] = [[round(float(v), 1) for v in p] for p in report.corners]
    lines = ["OK"] if report.ok else [f"{i.code}: {i.message}" for i in report.issues]
    _emit(args, payload, lines)
    return 0


def prepare_command(args: argparse.Namespace) -> int:
    """`kiosk image prepare IN OUT`: flatten, compress, write; corners in input pixels."""
    from devices.checks import check_document
    from devices.compression import compress_to_target
    from devices.document import DOCUMENT_KINDS as KINDS
    from devices.errors import DeviceError
    from devices.image_files import load_image

    try:
        image = load_image(args.input)
    except DeviceError as exc:
        return _fail(args, exc.message)
    report, flat = check_document(image, KINDS.get(args.kind))
    if flat is None or report.corners is None:
        return _fail(args, "; ".join(i.message for i in report.issues))
    kind = str(report.metrics.get("kind", "ktp"))
    target = args.target_bytes or KINDS[kind].target_bytes
    compressed = compress_to_target(flat, target, kind)
    try:
        args.output.write_bytes(compressed.data)
    except OSError as exc:
        return _fail(args, f"Tidak dapat menulis berkas / Cannot write file: {exc.strerror}")
    payload: dict[str, Any] = {
        "bytes": len(compressed.data),
        "corners": [[round(float(x), 1), round(float(y), 1)] for x, y in report.corners],
        "kind": kind,
        "width": compressed.width,
        "height": compressed.height,
        "quality": compressed.quality,
        "within_budget": compressed.within_budget,
        "ok": report.ok,
        "issues": [i.to_json() for i in report.issues],
    }
    if args.ocr:
        payload["suggestion"] = _ocr_suggestion(flat)
    lines = [f"{args.output}: {len(compressed.data)} bytes, {kind}, quality {compressed.quality}"]
    lines += [f"{i.code}: {i.message}" for i in report.issues]
    _emit(args, payload, lines)
    return 0


def _ocr_suggestion(flat: Any) -> dict[str, Any]:
    from devices.errors import DeviceUnavailable
    from devices.ocr import suggest_identity

    try:
        found = suggest_identity(flat)
    except DeviceUnavailable as exc:
        return {"error": exc.message}
    return {"nik": found.nik, "name": found.name, "no_kk": found.no_kk, "confirm": True}


def scan_code_command(args: argparse.Namespace) -> int:
    """`kiosk scan-code FILE`: QR/barcodes in an image or every page of a PDF."""
    from devices.barcodes import read_codes_from_file
    from devices.errors import DeviceError

    try:
        codes = read_codes_from_file(args.file, dpi=args.dpi)
    except DeviceError as exc:
        return _fail(args, exc.message)
    payload = [{"type": c.type, "data": c.data} for c in codes]
    lines = [f"{c.type}: {c.data}" for c in codes] or ["Tidak ada kode / No code found"]
    _emit(args, payload, lines)
    return 0


def devices_command(args: argparse.Namespace) -> int:
    """`kiosk devices`: cameras and scanners this machine offers, and backend availability."""
    from devices.camera import list_cameras
    from devices.errors import DeviceError
    from devices.sane_scanner import list_sane_scanners
    from devices.wia_scanner import list_wia_scanners, wia_available

    cameras = [
        {"source": c.source, "name": c.name, "width": c.width, "height": c.height}
        for c in list_cameras()
    ]
    try:
        found = [*list_sane_scanners(), *list_wia_scanners()]
    except DeviceError as exc:
        return _fail(args, exc.message)
    scanners = [{"backend": s.backend, "device": s.device, "name": s.name} for s in found]
    payload = {
        "cameras": cameras,
        "scanners": scanners,
        "backends": {
            "sane": _sane_state(),
            "wia": "available" if wia_available() else "not available",
        },
    }
    lines = [f"kamera/camera: {c['name']} {c['width']}x{c['height']}" for c in cameras]
    lines += [f"pemindai/scanner: {s['backend']} {s['device']} ({s['name']})" for s in scanners]
    _emit(args, payload, lines or ["Tidak ada perangkat / No devices found"])
    return 0


def _sane_state() -> str:
    try:
        import sane  # noqa: F401
    except ImportError:
        return "not available"
    return "available"
