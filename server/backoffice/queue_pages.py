"""The work queues: counts, filters, search by number or NIK, 50 per page; bulk approval."""

from __future__ import annotations

import contextlib
import csv
import io
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .. import review, staff
from ..dashboard import dashboard
from ..queue_paging import Cursor
from ..worklist import QUEUE_LABELS, Filters, Queue, export_rows, filter_choices, list_queue
from . import names
from .auth import Form, Who, render
from .context import context_of
from .dates import parse_day

router = APIRouter(prefix="/backoffice")


def _filters(request: Request) -> Filters:
    query = request.query_params
    try:
        queue = Queue(query.get("queue") or Queue.NEW.value)
    except ValueError:
        queue = Queue.NEW
    page = 1
    with contextlib.suppress(ValueError):
        page = max(1, min(int(query.get("page") or 1), 100_000))
    search = (query.get("q") or "").strip()[:40] or None
    after = Cursor.parse(query.get("after"))
    before = Cursor.parse(query.get("before")) if after is None else None
    return Filters(
        queue=Queue.ALL if search and "queue" not in query else queue,
        office=(query.get("office") or None),
        service=(query.get("service") or None),
        status=(query.get("status") or None),
        date_from=parse_day(query.get("from")),
        date_to=parse_day(query.get("to")),
        search=search,
        page=page,
        after=after or before,
        backward=before is not None,
    )


@router.get("/", response_class=HTMLResponse)
def queue_page(request: Request, who: Who) -> Response:
    context = context_of(request)
    filters = _filters(request)
    page = list_queue(context.database, who.member, filters, context.digester, context.counts)
    return render(
        request,
        "queue.html",
        who=who,
        filters=filters,
        page=page,
        queues=list(Queue),
        labels=QUEUE_LABELS,
        choices=filter_choices(context.database, who.member),
        names=names,
        notice=request.query_params.get("notice"),
    )


@router.get("/export.csv")
def export_csv(request: Request, who: Who) -> Response:
    """The filtered list as CSV (numbers, offices, statuses; no applicant data); audited."""
    context = context_of(request)
    rows = export_rows(context.database, who.member, _filters(request), context.digester)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["nomor", "versi", "layanan", "kantor", "status", "diterima", "dipegang"])
    for row in rows:
        received = row.received_at.isoformat() if row.received_at else ""
        writer.writerow(
            [row.number, row.version, row.service_code, row.office_code, row.status, received,
             row.holder or ""]
        )  # fmt: skip
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="permohonan.csv"'},
    )


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, who: Who) -> Response:
    context = context_of(request)
    board = dashboard(context.database, who.member)
    reasons = context.reasons.by_code()  # a code no longer on the list is shown as it is
    return render(request, "dashboard.html", who=who, board=board, reasons=reasons, notice=None)


@router.post("/bulk-approve")
def bulk_approve(request: Request, who: Who, form: Form) -> Response:
    """A supervisor approves the ticked applications after typing their password again."""
    context = context_of(request)
    if not who.member.is_supervisor:
        return render(request, "error.html", 403, who=who, message=_ONLY_SUPERVISOR)
    password = str(form.get("password") or "")
    if not staff.check_password(context.database, who.member, password):
        return render(request, "error.html", 403, who=who, message=_WRONG_PASSWORD)
    ids: list[uuid.UUID] = []
    for value in form.getlist("application_id")[:200]:
        with contextlib.suppress(ValueError):
            ids.append(uuid.UUID(str(value)))
    approved, problems = review.bulk_approve(context.database, who.member, ids)
    context.counts.invalidate()
    notice = f"{approved} disetujui / approved"
    if problems:
        notice += f"; {len(problems)} ditolak sistem / refused"
    return RedirectResponse(f"/backoffice/?queue=new&notice={notice}", status_code=303)


_ONLY_SUPERVISOR = "Hanya supervisor / supervisors only"
_WRONG_PASSWORD = (
    "Kata sandi salah; persetujuan massal dibatalkan / wrong password; bulk approval cancelled"
)
