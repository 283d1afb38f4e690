"""One application: the review page, its documents, taking it, and deciding on it."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from sync.protocol import ApplicationStatus as S

from .. import assignments, review, worklist
from ..errors import InvalidRequest, NotFound
from ..rejection_reasons import RejectionReason
from ..unsealing import open_attachment
from . import names
from .auth import Form, Who, render
from .context import context_of
from .dates import DAY_PLACEHOLDER, parse_day
from .sessions import SignedIn

router = APIRouter(prefix="/backoffice/applications")
FIELD_LABELS = {
    "nik": ("NIK", "NIK"),
    "no_kk": ("Nomor KK", "KK number"),
    "name": ("Nama lengkap", "Full name"),
    "birth_date": ("Tanggal lahir", "Date of birth"),
    "sex": ("Jenis kelamin", "Sex"),
    "phone": ("Nomor WhatsApp", "WhatsApp number"),
    "extra_kontak_izin": ("Boleh dihubungi lewat", "May be contacted by"),
    "extra_kontak_email": ("Email untuk dihubungi", "Contact email"),
    "address_alamat": ("Alamat", "Street address"),
    "address_rt": ("RT", "RT (neighbourhood unit)"),
    "address_rw": ("RW", "RW (community unit)"),
    "address_kode_wilayah": ("Kode wilayah", "Area code"),
}
"""How the review page names the kiosk's fields; others show under their own key."""
SAFE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "application/pdf"})
APPROVAL_CONFIRMED = "yes"
"""What the approve form's "I have checked" box posts as `confirmed`; nothing else approves."""
_NOT_CONFIRMED = (
    'Persetujuan belum dipastikan: centang "Saya sudah memeriksa dokumen dan data pemohon", '
    'lalu tekan Ya, setujui. Tidak ada yang diubah. / Approval not confirmed: tick "I have '
    "checked the documents and the applicant's data\", then press Yes, approve. "
    "Nothing was changed."
)
_NO_SUCH_DAY = (
    f"Tanggal pengambilan tidak dikenal; tulis {DAY_PLACEHOLDER}, mis. 10/12/2026 / "
    f"the pickup date is not a day; write it as {DAY_PLACEHOLDER}, e.g. 10/12/2026"
)


def _id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise NotFound("Permohonan tidak ada / no such application") from None


def _back(application_id: uuid.UUID, notice: str | None = None) -> Response:
    url = f"/backoffice/applications/{application_id}"
    return RedirectResponse(url + (f"?notice={notice}" if notice else ""), status_code=303)


@router.get("/{application_id}", response_class=HTMLResponse)
def review_page(request: Request, application_id: str, who: Who) -> Response:
    return _review(request, _id(application_id), who)


def _review(
    request: Request,
    app_id: uuid.UUID,
    who: SignedIn,
    status_code: int = 200,
    **rejection: object,
) -> Response:
    """The review page; `rejection` (error, note, checked) refills a refused reject form."""
    context = context_of(request)
    shown = review.open_review(
        context.database, context.opener, context.digester, who.member, app_id
    )
    return render(
        request,
        "review.html",
        status_code,
        who=who,
        app=shown,
        reasons=_reasons_for(context.reasons.reasons, shown.documents),
        confirm_approve=request.query_params.get("confirm") == "approve",
        labels=FIELD_LABELS,
        names=names,
        notice=request.query_params.get("notice"),
        today=date.today(),
        reject_error=rejection.get("error"),
        reject_note=rejection.get("note") or "",
        reject_checked=rejection.get("checked") or (),
    )


def _reasons_for(
    reasons: list[RejectionReason], documents: list[dict[str, Any]]
) -> list[RejectionReason]:
    """The reasons that apply: a document's only when the application has that document."""
    codes = {str(document["code"]) for document in documents}
    return [
        reason
        for reason in reasons
        if not reason.target.startswith("document:") or reason.target[9:] in codes
    ]


@router.get("/{application_id}/v/{version}/documents/{code}")
def document(request: Request, application_id: str, version: int, code: str, who: Who) -> Response:
    """One document in clear for the viewer; audited, never cached, never sniffed."""
    context = context_of(request)
    app_id = _id(application_id)
    with context.database.read() as session:
        worklist.ensure_visible(session, who.member, app_id, version)
    opened = open_attachment(
        context.database, context.opener, app_id, code, version, who.member.audit_id
    )
    media = opened.content_type if opened.content_type in SAFE_TYPES else "application/octet-stream"
    return Response(
        opened.data,
        media_type=media,
        headers={"Content-Disposition": "inline" if media in SAFE_TYPES else "attachment"},
    )


@router.post("/{application_id}/take")
def take(request: Request, application_id: str, who: Who, _form: Form) -> Response:
    app_id = _id(application_id)
    context = context_of(request)
    assignments.take(context.database, who.member, app_id)
    context.counts.invalidate()
    return _back(app_id)


@router.post("/{application_id}/release")
def release(request: Request, application_id: str, who: Who, form: Form) -> Response:
    app_id = _id(application_id)
    target = str(form.get("reassign_to") or "").strip() or None
    context = context_of(request)
    assignments.release(context.database, who.member, app_id, target)
    context.counts.invalidate()
    return _back(app_id)


@router.post("/{application_id}/decision")
def decide(request: Request, application_id: str, who: Who, form: Form) -> Response:
    context = context_of(request)
    app_id = _id(application_id)
    action = str(form.get("action") or "")
    database, member = context.database, who.member
    if action == "approve":
        # Only the confirmation's ticked box sends this; anything else (a forged post, an old
        # form, the value twice) approves nothing and says how to approve.
        if form.getlist("confirmed") != [APPROVAL_CONFIRMED]:
            back = f"/backoffice/applications/{app_id}?confirm=approve"
            return render(request, "error.html", 400, who=who, message=_NOT_CONFIRMED, back=back)
        review.approve(database, member, app_id)
        notice = "Disetujui / approved"
    elif action == "reject":
        codes = [str(code) for code in form.getlist("reason")]
        note = _text(form, "note")
        try:
            review.reject(database, member, app_id, codes, note, context.reasons)
        except InvalidRequest as refused:
            # Back on the same page with what was ticked and typed, the error beside it.
            return _review(
                request, app_id, who, 400, error=refused.detail, note=note, checked=codes
            )
        notice = "Ditolak; pemohon diberi tahu / rejected; the applicant is told"
    elif action in ("processing", "ready", "collected"):
        pickup = _text(form, "pickup_date")
        pickup_date = parse_day(pickup)
        if action == "ready" and pickup and pickup_date is None:
            raise InvalidRequest(_NO_SUCH_DAY)
        review.advance(
            database, member, app_id, S(action), place=_text(form, "place"), pickup_date=pickup_date
        )
        notice = "Status diperbarui / status updated"
    else:
        raise NotFound("Keputusan tidak dikenal / unknown decision")
    context.counts.invalidate()
    if action in ("reject", "ready"):
        queued = review.notify_citizen(database, context.opener, context.templates, member, app_id)
        if queued:
            context.outbox_wake.set()
    return _back(app_id, notice)


def _text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value[:500] if isinstance(value, str) else None
