"""Device enrollment with one-time codes, per-device credentials, and revocation.

The database stores only SHA-256 hashes of codes and of device secrets, so a stolen dump
neither enrolls a device nor impersonates one. Both are random with 60+ bits (codes) and
256 bits (secrets), which is why a fast hash is enough here (no password stretching).

Idempotent enrollment without storing the secret: the secret is an HMAC, under a server key
kept in the data dir (not the database), of the device id and the code. A device that lost
the answer retries with the same id and code and receives the SAME credential, so the code
is not burnt by a cut connection, and no second, racing answer can invalidate the first.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sync.protocol import EnrollRequest, EnrollResponse

from . import audit
from .db import Database
from .errors import (
    DeviceExists,
    DeviceRevoked,
    DeviceSuspended,
    EnrollmentRefused,
    Unauthenticated,
)
from .models import Device, EnrollmentCode, utc_now

log = logging.getLogger("kiosk.server.enrollment")

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
_KEY_FILE = "enrollment.key"
_SECRET_LENGTH = 43  # base64url of 32 bytes, unpadded
FORK_GRACE = timedelta(minutes=2)
"""How long after a rotation's first use the old secret is refused without suspending:
requests the rotating device sent before it switched may still be in flight."""


@dataclass(frozen=True)
class DeviceContext:
    """The authenticated caller of one request."""

    device_id: uuid.UUID
    office_code: str
    operator_id: str


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


def load_enrollment_key(keys_dir: Path) -> bytes:
    """The enrollment HMAC key; created once (atomically, never overwritten) on first use.

    Several server processes sharing a data dir may race to create it: each writes a temp
    file and hard-links it into place, which fails if another won, and then reads the winner.
    """
    path = keys_dir / _KEY_FILE
    if not path.exists():
        keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = keys_dir / f".{_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, secrets.token_bytes(32))
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = path.read_bytes()
    if len(key) != 32:
        raise RuntimeError(f"{path} is damaged (expected 32 bytes)")
    return key


def derive_secret(enrollment_key: bytes, device_id: uuid.UUID, code: str) -> str:
    mac = hmac.new(
        enrollment_key, b"kiosk-enroll-v1|" + device_id.bytes + b"|" + code.encode(), "sha256"
    )
    return base64.urlsafe_b64encode(mac.digest()).decode("ascii").rstrip("=")


def create_code(database: Database, office_code: str, ttl_hours: int, operator_id: str) -> str:
    """Stores a new one-time code for `office_code` and returns it (shown once, never again)."""
    code = new_code()
    now = utc_now()
    with database.write() as session:
        session.add(
            EnrollmentCode(
                code_sha256=sha256_hex(code),
                office_code=office_code,
                created_at=now,
                expires_at=now + timedelta(hours=ttl_hours),
            )
        )
        audit.record(session, "enrollment_code_created", operator_id, detail=office_code)
    return code


def enroll(
    database: Database, enrollment_key: bytes, request: EnrollRequest
) -> tuple[EnrollResponse, bool]:
    """Enrolls a device; returns (response, created). A same-device replay is not "created".

    Two racing first enrollments of one device id with two different codes both pass the
    checks on PostgreSQL; the loser hits the primary key and is answered on a second pass.
    """
    try:
        return _enroll_once(database, enrollment_key, request)
    except IntegrityError:
        return _enroll_once(database, enrollment_key, request)


def _enroll_once(
    database: Database, enrollment_key: bytes, request: EnrollRequest
) -> tuple[EnrollResponse, bool]:
    now = utc_now()
    with database.write() as session:
        code_row = session.scalars(
            sa.select(EnrollmentCode)
            .where(EnrollmentCode.code_sha256 == sha256_hex(request.code))
            .with_for_update()
        ).one_or_none()
        if code_row is None or code_row.expires_at <= now:
            log.info("enrollment refused: unknown or expired code")
            raise EnrollmentRefused(
                "Kode pendaftaran tidak dikenal atau kedaluwarsa / "
                "unknown or expired enrollment code"
            )
        # A re-enrollment code (rotate-device) is bound to its device and, once used, is
        # not recorded in `device_id` (unique: a device's FIRST code), but by `used_at`.
        used_by = code_row.device_id or (code_row.for_device_id if code_row.used_at else None)
        bound_elsewhere = code_row.for_device_id not in (None, request.device_id)
        if bound_elsewhere or used_by not in (None, request.device_id):
            log.info("enrollment refused: code belongs to another device")
            raise EnrollmentRefused(
                "Kode pendaftaran sudah dipakai perangkat lain; minta kode baru / "
                "this code was used by another device; ask for a new code"
            )
        device = session.get(Device, request.device_id, with_for_update=True)
        secret = derive_secret(enrollment_key, request.device_id, request.code)
        created = used_by is None
        if created:
            device = _first_use(session, code_row, device, request, secret, now)
        elif device is None or device.revoked_at is not None:
            raise _revoked()
        elif not hmac.compare_digest(device.credential_sha256, sha256_hex(secret)):
            # The credential this code gave was rotated away: replaying the code must not
            # hand out a dead credential as if it worked.
            raise EnrollmentRefused(
                "Kode pendaftaran ini sudah terpakai dan kredensialnya sudah diganti; minta "
                "kode baru / this code was used and its credential has since been replaced; "
                "ask for a new code"
            )
        if request.signing_key is not None and device.signing_key is None:
            # A replay by a device whose first answer predates its key, or lost it: the
            # first key given is kept (a different one later: server.device_signing_keys).
            device.signing_key = request.signing_key
        response = EnrollResponse(
            device_id=request.device_id,
            office_code=device.office_code,
            credential=f"{request.device_id}.{secret}",
            signing_key=device.signing_key if request.signing_key else None,
        )
    return response, created


def _first_use(
    session: Session,
    code_row: EnrollmentCode,
    device: Device | None,
    request: EnrollRequest,
    secret: str,
    now: datetime,
) -> Device:
    """A new device, or (with a code from rotate-device) a new credential for a known one."""
    if device is not None:
        if device.revoked_at is not None:
            raise _revoked()
        if code_row.for_device_id != device.id:
            raise DeviceExists(
                "ID perangkat ini sudah terdaftar; buat ID baru untuk pendaftaran baru / "
                "this device id is already enrolled; use a new id to enroll again"
            )
        device.credential_sha256 = sha256_hex(secret)
        device.next_credential_sha256 = None
        device.credential_changed_at = now
        device.name = request.device_name
        # A supervisor's re-enrollment is the one way to replace a signing key.
        device.signing_key = request.signing_key
        code_row.used_at = now
        audit.record(
            session, "device_reenrolled", "device", device_id=device.id, detail=device.office_code
        )
        log.info("device %s enrolled again for office %s", device.id, device.office_code)
        return device
    if code_row.for_device_id is not None:
        raise EnrollmentRefused(
            "Kode ini untuk perangkat lain / this code belongs to another device"
        )
    device = Device(
        id=request.device_id,
        name=request.device_name,
        office_code=code_row.office_code,
        credential_sha256=sha256_hex(secret),
        enrolled_at=now,
        signing_key=request.signing_key,
    )
    session.add(device)
    code_row.device_id = request.device_id
    code_row.used_at = now
    audit.record(
        session,
        "device_enrolled",
        "device",
        device_id=request.device_id,
        detail=code_row.office_code,
    )
    log.info("device %s enrolled for office %s", request.device_id, device.office_code)
    return device


def _revoked() -> DeviceRevoked:
    return DeviceRevoked(
        "Perangkat ini sudah dicabut; hubungi admin Disdukcapil / "
        "this device has been revoked; contact the district administrator"
    )


def _suspended() -> DeviceSuspended:
    return DeviceSuspended(
        "Perangkat ditangguhkan: kredensialnya dipakai di dua tempat (kemungkinan disalin). "
        "Minta supervisor Disdukcapil mendaftarkan ulang perangkat ini (kiosk-server "
        "rotate-device) / device suspended: its credential was used in two places (probably "
        "copied); ask the district supervisor to enroll this device again (rotate-device)"
    )


def _unauthenticated() -> Unauthenticated:
    return Unauthenticated(
        "Perangkat tidak dikenal; daftarkan ulang perangkat / "
        "unknown device or wrong credential; enroll this device again",
        headers={"WWW-Authenticate": "Bearer"},
    )


_DEVICES = Device.__table__
_CREDENTIAL_QUERY = sa.select(
    _DEVICES.c.id,
    _DEVICES.c.office_code,
    _DEVICES.c.credential_sha256,
    _DEVICES.c.next_credential_sha256,
    _DEVICES.c.previous_credential_sha256,
    _DEVICES.c.credential_changed_at,
    _DEVICES.c.revoked_at,
    _DEVICES.c.suspended_at,
).where(_DEVICES.c.id == sa.bindparam("id"))
"""The credential check of every request: the columns it needs, no ORM object (one
statement on a plain connection)."""


def authenticate(database: Database, authorization: str | None, operator_id: str) -> DeviceContext:
    """Checks `Authorization: Bearer <device_id>.<secret>`; refuses revoked devices.

    A rotated credential not used yet is accepted too, and its first use makes it the only
    one (server.credentials): from then on the old secret is refused. Presented later than
    FORK_GRACE after that, the old secret reveals a fork, two parties holding this device's
    credential (a copy was taken, and whoever rotated first may be the copy): the device is
    suspended for every secret until a supervisor re-enrolls it (`rotate-device`).
    """
    scheme, _, credential = (authorization or "").partition(" ")
    device_part, _, secret = credential.strip().partition(".")
    if scheme.lower() != "bearer" or len(secret) != _SECRET_LENGTH or len(device_part) != 36:
        raise _unauthenticated()
    try:
        device_id = uuid.UUID(device_part)
    except ValueError:
        raise _unauthenticated() from None
    with database.lookup() as connection:
        device = connection.execute(_CREDENTIAL_QUERY, {"id": device_id}).one_or_none()
    if device is None:
        raise _unauthenticated()
    presented = sha256_hex(secret)
    is_current = hmac.compare_digest(device.credential_sha256, presented)
    is_next = device.next_credential_sha256 is not None and hmac.compare_digest(
        device.next_credential_sha256, presented
    )
    is_previous = device.previous_credential_sha256 is not None and hmac.compare_digest(
        device.previous_credential_sha256, presented
    )
    if not (is_current or is_next or is_previous):
        raise _unauthenticated()
    if device.revoked_at is not None:
        raise _revoked()
    if device.suspended_at is not None:
        raise _suspended()
    if is_previous and not is_current:
        changed = device.credential_changed_at
        if changed is not None and utc_now() - changed < FORK_GRACE:
            raise _unauthenticated()  # a request of the rotating device still in flight
        suspend_forked_device(database, device_id, presented, operator_id)
        raise _suspended()
    if is_next and not promote_next_credential(database, device_id, presented, operator_id):
        raise _unauthenticated()
    return DeviceContext(
        device_id=device.id, office_code=device.office_code, operator_id=operator_id
    )


def promote_next_credential(
    database: Database, device_id: uuid.UUID, presented_sha256: str, operator_id: str
) -> bool:
    """Makes the rotated credential the only valid one; False if it is no longer pending.

    Conditional on the pending hash, so two racing first uses both succeed and a use racing
    with another rotation or a forced re-enrollment does not resurrect a replaced secret.
    """
    with database.write() as session:
        promoted = session.execute(
            sa.update(Device)
            .execution_options(synchronize_session=False)
            .where(Device.id == device_id, Device.next_credential_sha256 == presented_sha256)
            .values(
                previous_credential_sha256=Device.credential_sha256,
                credential_sha256=presented_sha256,
                next_credential_sha256=None,
                credential_changed_at=utc_now(),
            )
            .returning(Device.id)
        ).first()
        if promoted:
            audit.record(session, "credential_rotated", operator_id[:80], device_id=device_id)
            log.info("device %s now uses its rotated credential", device_id)
            return True
        current = session.scalar(sa.select(Device.credential_sha256).where(Device.id == device_id))
    return current is not None and hmac.compare_digest(current, presented_sha256)


def suspend_forked_device(
    database: Database, device_id: uuid.UUID, presented_sha256: str, operator_id: str
) -> None:
    """Suspends a device whose superseded secret came back (see `authenticate`). Idempotent."""
    with database.write() as session:
        suspended = session.execute(
            sa.update(Device)
            .execution_options(synchronize_session=False)
            .where(
                Device.id == device_id,
                Device.previous_credential_sha256 == presented_sha256,
                Device.suspended_at.is_(None),
            )
            .values(suspended_at=utc_now())
            .returning(Device.id)
        ).first()
        if suspended:
            audit.record(
                session,
                "device_suspended_credential_fork",
                operator_id[:80] or "-",
                device_id=device_id,
                detail="superseded credential used after rotation: copied credential",
            )
    if suspended:
        log.warning("device %s suspended: its superseded credential was used", device_id)
