"""Uploading a field laptop's sealed USB bundle in the browser (supervisors and admins).

The page hands the file to server.bundles.import_bundle, the very import
`kiosk-server bundle import FILE` runs: the whole bundle is verified before anything is written,
each application goes through the sync intake, and the import is an audit entry naming the
person. A refused bundle is an audit entry too. The receipt the laptop needs
(`kiosk bundle ack`) is kept under the data directory and offered for download.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from .. import audit
from ..bundles import BundleRefused, ImportReport, import_bundle
from ..errors import NotFound
from .auth import CsrfRefused, Who, render
from .context import BackofficeContext, context_of
from .sessions import same_token

router = APIRouter(prefix="/backoffice/bundles")

MAX_BUNDLE_BYTES = 512 * 1024 * 1024
"""A week of field work is a few hundred applications of ~1 MB; anything larger is refused
before it is read."""
REFUSED_ACTION = "bundle_refused"
_ONLY_SUPERVISOR = "Hanya supervisor dan admin / supervisors and admins only"
_TOO_LARGE = (
    f"Berkas lebih dari {MAX_BUNDLE_BYTES // (1024 * 1024)} MB; tidak ada yang diimpor. Ekspor "
    "bundel yang lebih kecil di laptop / The file is over "
    f"{MAX_BUNDLE_BYTES // (1024 * 1024)} MB; nothing was imported. Export smaller bundles."
)
_NO_FILE = "Pilih berkas bundel (.bundle) dulu / choose a bundle file (.bundle) first"


def _receipts_dir(context: BackofficeContext) -> Path:
    return context.settings.data_dir / "bundle-receipts"


def _page(request: Request, who: Who, status: int = 200, **values: object) -> HTMLResponse:
    values.setdefault("report", None)
    values.setdefault("error", None)
    return render(
        request, "bundles.html", status, who=who, notice=None, limit_mb=MAX_BUNDLE_BYTES >> 20,
        **values,
    )  # fmt: skip


@router.get("/", response_class=HTMLResponse)
def bundle_page(request: Request, who: Who) -> Response:
    if not who.member.is_supervisor:
        return render(request, "error.html", 403, who=who, message=_ONLY_SUPERVISOR)
    return _page(request, who)


@router.post("/", response_class=HTMLResponse)
async def upload_bundle(request: Request, who: Who) -> Response:
    """Size first (from Content-Length, before the body is read), then the CSRF token."""
    if not who.member.is_supervisor:
        return render(request, "error.html", 403, who=who, message=_ONLY_SUPERVISOR)
    try:
        declared = int(request.headers.get("content-length") or "")
    except ValueError:
        declared = MAX_BUNDLE_BYTES + 1  # a body of unknown size is not read at all
    if declared > MAX_BUNDLE_BYTES + 64 * 1024:  # the form's other fields and boundaries
        return _page(request, who, 413, error=_TOO_LARGE)
    form = await request.form()
    try:
        token = form.get("csrf_token")
        if not same_token(who.csrf_token, token if isinstance(token, str) else None):
            raise CsrfRefused()
        upload = form.get("bundle")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return _page(request, who, 400, error=_NO_FILE)
        return await _receive(request, who, upload)
    finally:
        await form.close()  # the spooled upload


async def _receive(request: Request, who: Who, upload: UploadFile) -> Response:
    context = context_of(request)
    filename = upload.filename or ""
    uploads = context.settings.data_dir / "bundle-uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=uploads) as tmp:
        path = Path(tmp) / "upload.bundle"
        with path.open("wb") as out:
            await run_in_threadpool(shutil.copyfileobj, upload.file, out, 1024 * 1024)
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            return _page(request, who, 413, error=_TOO_LARGE)
        try:
            report = await run_in_threadpool(_import, context, who, path, Path(tmp))
        except BundleRefused as refused:
            with context.database.write() as session:
                audit.record(
                    session, REFUSED_ACTION, who.member.audit_id,
                    detail=f"{filename[:80]}: {refused.detail}"[:500],
                )  # fmt: skip
            return _page(request, who, 422, error=refused.detail, filename=filename)
    context.counts.invalidate()
    return _page(request, who, report=report, filename=filename)


def _import(context: BackofficeContext, who: Who, path: Path, tmp: Path) -> ImportReport:
    from ..api.deps import build_context  # the intake network sync uses (as the CLI does)

    intake = build_context(context.settings, context.database).intake
    report = import_bundle(
        context.database, intake, path, operator_id=who.member.audit_id,
        receipt_path=tmp / "receipt.json",
    )  # fmt: skip
    kept = _receipts_dir(context) / f"{report.bundle_id}.receipt.json"
    kept.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(tmp / "receipt.json"), kept)
    report.receipt_path = kept
    return report


@router.get("/{bundle_id}/receipt")
def receipt(request: Request, who: Who, bundle_id: str) -> Response:
    """The receipt of an imported bundle, for `kiosk bundle ack` on the laptop."""
    if not who.member.is_supervisor:
        return render(request, "error.html", 403, who=who, message=_ONLY_SUPERVISOR)
    try:
        name = f"{uuid.UUID(bundle_id)}.receipt.json"
    except ValueError as exc:
        raise NotFound("Tanda terima tidak ada / no such receipt") from exc
    path = _receipts_dir(context_of(request)) / name
    if not path.is_file():
        raise NotFound("Tanda terima tidak ada / no such receipt")
    return FileResponse(path, media_type="application/json", filename=name)
