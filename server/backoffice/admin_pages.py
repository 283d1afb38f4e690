"""Admin management in the browser: staff accounts, offices and devices.

The same service functions as the CLI (`kiosk-server user ...`, `devices`, `revoke-device`,
`suspend-device`, `enrollment-code`), so both audit alike under the acting person's name.
Only an admin sees these pages; every change is a CSRF-checked POST and asks for the admin's
own password again (re-authentication), as bulk approval does.
"""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from kiosk.wilayah import Wilayah, default_wilayah

from .. import device_admin, enrollment, staff
from ..errors import InvalidRequest, NotFound
from ..models import Device, EnrollmentCode, StaffUserOffice
from .auth import Form, Who, render
from .context import context_of

router = APIRouter(prefix="/backoffice/admin")

_ONLY_ADMIN = "Hanya admin / admins only"
_WRONG_PASSWORD = "Kata sandi Anda salah; tidak ada yang diubah / wrong password; nothing changed"
CODE_TTL_HOURS = 72


class AdminRefused(Exception):
    """Not an admin, or the admin's password was not typed again correctly (403)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _require_admin(who: Who) -> None:
    if who.member.role is not staff.StaffRole.ADMIN:
        raise AdminRefused(_ONLY_ADMIN)


def _reauthenticated(request: Request, who: Who, form: FormData) -> None:
    _require_admin(who)
    password = str(form.get("admin_password") or "")
    if not staff.check_password(context_of(request).database, who.member, password):
        raise AdminRefused(_WRONG_PASSWORD)


def offices(request: Request) -> list[dict[str, Any]]:
    """Every office the district knows: from its devices, accounts and enrollment codes."""
    database = context_of(request).database
    with database.read() as session:
        devices = dict(
            session.execute(
                sa.select(Device.office_code, sa.func.count()).group_by(Device.office_code)
            ).all()
        )
        users = dict(
            session.execute(
                sa.select(StaffUserOffice.office_code, sa.func.count()).group_by(
                    StaffUserOffice.office_code
                )
            ).all()
        )
        coded = set(session.scalars(sa.select(EnrollmentCode.office_code).distinct()))
    codes = sorted(set(devices) | set(users) | coded)
    return [{"code": c, "devices": devices.get(c, 0), "users": users.get(c, 0)} for c in codes]


def _page(request: Request, who: Who, notice: str | None = None, **extra: Any) -> HTMLResponse:
    database = context_of(request).database
    return render(
        request,
        "admin.html",
        who=who,
        notice=notice,
        users=staff.list_users(database),
        devices=device_admin.list_devices(database),
        offices=offices(request),
        roles=[role.value for role in staff.StaffRole],
        **extra,
    )


def _done(notice: str) -> Response:
    return RedirectResponse(f"/backoffice/admin/?notice={notice}", status_code=303)


def _offices_of(form: FormData) -> list[str]:
    text = str(form.get("offices") or "")
    return [part for part in text.replace(",", " ").split() if part]


def _role_of(form: FormData) -> staff.StaffRole:
    try:
        return staff.StaffRole(str(form.get("role") or ""))
    except ValueError:
        raise InvalidRequest("Peran tidak dikenal / unknown role") from None


def _device_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise NotFound("Perangkat tidak ada / no such device") from None


@router.get("/", response_class=HTMLResponse)
def admin_page(request: Request, who: Who) -> Response:
    _require_admin(who)
    notice = request.query_params.get("notice")
    return _page(request, who, notice[:200] if notice else None)


@router.post("/users")
def add_user(request: Request, who: Who, form: Form) -> Response:
    _reauthenticated(request, who, form)
    username = str(form.get("username") or "").strip()
    staff.add_user(
        context_of(request).database,
        username,
        str(form.get("name") or "").strip(),
        _role_of(form),
        _offices_of(form),
        str(form.get("password") or ""),
        who.member.audit_id,
    )
    return _done(f"Pengguna {username} dibuat / user created")


@router.post("/users/{username}/disable")
def disable_user(request: Request, username: str, who: Who, form: Form) -> Response:
    _reauthenticated(request, who, form)
    if username == who.member.username:
        raise InvalidRequest("Akun sendiri tidak dapat dinonaktifkan / you cannot disable yourself")
    staff.disable_user(context_of(request).database, username, who.member.audit_id)
    return _done(f"{username}: dinonaktifkan / disabled")


@router.post("/users/{username}/password")
def reset_password(request: Request, username: str, who: Who, form: Form) -> Response:
    _reauthenticated(request, who, form)
    staff.reset_password(
        context_of(request).database,
        username,
        str(form.get("password") or ""),
        who.member.audit_id,
    )
    return _done(f"{username}: kata sandi diganti / password reset")


@router.post("/users/{username}/access")
def set_access(request: Request, username: str, who: Who, form: Form) -> Response:
    _reauthenticated(request, who, form)
    staff.set_access(
        context_of(request).database,
        username,
        _role_of(form),
        _offices_of(form),
        who.member.audit_id,
    )
    return _done(f"{username}: peran dan kantor diubah / role and offices changed")


@router.post("/devices/{device_id}/revoke")
def revoke_device(request: Request, device_id: str, who: Who, form: Form) -> Response:
    _reauthenticated(request, who, form)
    device_admin.revoke_device(
        context_of(request).database, _device_id(device_id), who.member.audit_id
    )
    return _done("Perangkat dicabut / device revoked")


@router.post("/devices/{device_id}/suspend")
def suspend_device(request: Request, device_id: str, who: Who, form: Form) -> Response:
    _reauthenticated(request, who, form)
    device_admin.suspend_device(
        context_of(request).database, _device_id(device_id), who.member.audit_id
    )
    return _done("Perangkat ditangguhkan / device suspended")


@lru_cache(maxsize=1)
def _regions() -> Wilayah:
    return default_wilayah()


def _check_region_exists(office: str) -> None:
    """Refuses a well-shaped code the wilayah data does not know (e.g. 99.99.99)."""
    found = _regions().village(office) if office.count(".") == 3 else _regions().get(office)
    if found is None:
        raise InvalidRequest(
            f"Kode kantor {office} tidak ada dalam data wilayah / "
            f"office {office} is not in the wilayah data"
        )


@router.post("/enrollment-codes")
def enrollment_code(request: Request, who: Who, form: Form) -> Response:
    """The code is shown once, in this answer only (never in a URL or a log)."""
    _reauthenticated(request, who, form)
    office = str(form.get("office") or "").strip()
    staff.check_office_code(office)
    _check_region_exists(office)
    code = enrollment.create_code(
        context_of(request).database, office, CODE_TTL_HOURS, who.member.audit_id
    )
    response = _page(
        request, who, new_code={"office": office, "code": code, "hours": CODE_TTL_HOURS}
    )
    response.headers["Cache-Control"] = "no-store"
    return response
