"""The audit trail: who read, printed, exported or changed which citizen's data, and when.

Entries are hash-chained (each hash covers the entry and the previous hash) and the database
refuses UPDATE/DELETE on them, so an edited, deleted or reordered entry is found by `verify`.
The newest hash is also kept as the device's audit head; removing entries from the END of the
log therefore shows up as a head mismatch. (An attacker able to rewrite the whole file, head
included, is answered by syncing the chain to the server; see docs/security.md.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.contract import AUDIT_CHAIN_FIELDS, AUDIT_GENESIS, MAX_AUDIT_DETAIL_CHARS
from kiosk.contract import audit_entry_hash as entry_hash
from kiosk.masking import mask_numbers_in_text
from kiosk.store.clock import utcnow
from kiosk.store.core import StoreCore
from kiosk.store.machine_state import AUDIT_HEAD, AUDIT_SERVER_HEAD
from kiosk.store.models import AuditRow, DeviceStateRow

GENESIS = AUDIT_GENESIS
HEAD_KEY = AUDIT_HEAD.name
ACTIONS = frozenset(
    {
        "create",
        "change",
        "view",
        "print",
        "reprint",
        "export",
        "send",
        "seal",
        "credential_rotated",
        "approval",
        "approval_failed",
        "session_wiped",
        "status_checked",
        "decision",
        "sign_in",
        "sign_in_failed",
        "sign_out",
        "operator_created",
        "override",
        "duplicate",
        "purge",
        "operators_synced",
        "bundle_export",
        "bundle_ack",
        "visit_import",
        "visit_add",
        "visit_mark",
        "visit_purge",
    }
)


def _fields(row: AuditRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in AUDIT_CHAIN_FIELDS}


@dataclass(frozen=True)
class AuditCheck:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "first_bad_seq": self.first_bad_seq,
            "problem": self.problem,
        }


class AuditLog:
    def __init__(self, core: StoreCore, device_code: str) -> None:
        self._core = core
        self._device_code = device_code

    def record_in(
        self,
        session: Session,
        action: str,
        *,
        operator: str,
        application_id: str | None = None,
        number: str | None = None,
        detail: str = "",
    ) -> None:
        """Appends inside the caller's transaction (the change and its record commit together)."""
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        last = session.scalar(select(AuditRow).order_by(AuditRow.seq.desc()).limit(1))
        row = AuditRow(
            seq=(last.seq + 1) if last else 1,
            at=utcnow().isoformat(),
            device=self._device_code,
            operator=operator or "unknown",
            action=action,
            application_id=application_id,
            number=number,
            detail=mask_numbers_in_text(detail)[:MAX_AUDIT_DETAIL_CHARS],
            prev_hash=last.hash if last else GENESIS,
            hash="",
        )
        row.hash = entry_hash(_fields(row))
        session.add(row)
        session.merge(DeviceStateRow(key=HEAD_KEY, value=f"{row.seq}:{row.hash}"))

    def record(self, action: str, **kwargs: Any) -> None:
        with self._core.write_session() as session:
            self.record_in(session, action, **kwargs)

    def entries(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        query = select(AuditRow).order_by(AuditRow.seq.desc())
        if limit:
            query = query.limit(limit)
        with self._core.read_session() as session:
            return [{**_fields(r), "hash": r.hash} for r in session.scalars(query)]

    def after(self, seq: int, limit: int) -> list[dict[str, Any]]:
        """Entries after `seq`, oldest first, exactly as stored (for upload to the server)."""
        query = select(AuditRow).where(AuditRow.seq > seq).order_by(AuditRow.seq).limit(limit)
        with self._core.read_session() as session:
            return [{**_fields(r), "hash": r.hash} for r in session.scalars(query)]

    def verify(self) -> AuditCheck:
        expected_prev, expected_seq, count = GENESIS, 1, 0
        with self._core.read_session() as session:
            for row in session.scalars(select(AuditRow).order_by(AuditRow.seq)):
                count += 1
                if row.seq != expected_seq:
                    return AuditCheck(False, count, row.seq, f"entry {expected_seq} is missing")
                if row.prev_hash != expected_prev:
                    return AuditCheck(False, count, row.seq, "chain broken (deleted/reordered)")
                if entry_hash(_fields(row)) != row.hash:
                    return AuditCheck(False, count, row.seq, "entry was edited")
                expected_prev, expected_seq = row.hash, row.seq + 1
            head = session.get(DeviceStateRow, HEAD_KEY)
            server = session.get(DeviceStateRow, AUDIT_SERVER_HEAD.name)
        want = f"{expected_seq - 1}:{expected_prev}" if count else None
        if (head.value if head else None) != want:
            return AuditCheck(False, count, expected_seq, "newest entries were removed")
        # The server's copy outlives the device's: a chain shorter than what was uploaded
        # (even an empty one with its head deleted too) was cut, not merely young.
        server_seq, _, server_hash = (server.value if server else "").partition(":")
        if server_seq.isdigit() and int(server_seq) > count:
            return AuditCheck(
                False,
                count,
                count + 1,
                f"entries {count + 1}..{server_seq} were removed (the server holds them)",
            )
        if server_seq.isdigit() and int(server_seq) > 0:
            with self._core.read_session() as session:
                stored = session.scalar(
                    select(AuditRow.hash).where(AuditRow.seq == int(server_seq))
                )
            if stored != server_hash:
                return AuditCheck(
                    False, count, int(server_seq), "entries differ from the server's copy"
                )
        return AuditCheck(True, count)
