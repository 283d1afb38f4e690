"""The kiosks' own audit chains, uploaded and re-verified by the server (INVARIANT 4).

A kiosk's log (kiosk.audit) is hash-chained on the device, but whoever holds the device can
rewrite all of it. Once entries reach the server they are out of that reach: the server
checks each batch continues the chain it already holds (no gap, prev_hash links, hash
recomputed), stores it verbatim, and anchors the new end in its OWN chain (an entry
`device_audit_received` "seq A-B head H"). So a device's copy on the server can only be
changed by also rewriting the server's chain, and `kiosk-server audit verify` checks both.

Idempotent by (device, seq): a batch re-sent after a lost answer is accepted again when
identical; a seq held with different content is a conflict (the device's log was altered or
rebuilt). A batch is stored whole or not at all.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import uuid
from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sync.protocol import (
    AUDIT_CHAIN_FIELDS,
    AUDIT_GENESIS,
    DeviceAuditBatch,
    DeviceAuditHead,
    DeviceAuditProblem,
    audit_entry_hash,
)
from sync.protocol import DeviceAuditEntry as EntryIn

from . import audit
from .audit import ChainCheck, Link
from .db import Database
from .enrollment import DeviceContext
from .errors import AuditChainBroken, AuditConflict, AuditGap, AuditHashMismatch
from .models import AuditEvent, Device, DeviceAuditEntry

log = logging.getLogger("kiosk.server.device_audit")

ANCHOR_ACTION = "device_audit_received"
REFUSED_ACTION = "device_audit_refused"
"""A batch the server refused, or a problem the device found in its own chain (issue 11):
a kiosk whose log was altered or cut keeps being refused, so each refusal is evidence that
`kiosk-server audit verify` reports until someone looks into that device."""
_ANCHOR_RE = re.compile(r"^seq ([0-9]+)-([0-9]+) head ([0-9a-f]{64})$")


def _last(session: Session, device_id: uuid.UUID) -> tuple[int, str]:
    row = session.execute(
        sa.select(DeviceAuditEntry.seq, DeviceAuditEntry.hash)
        .where(DeviceAuditEntry.device_id == device_id)
        .order_by(DeviceAuditEntry.seq.desc())
        .limit(1)
    ).one_or_none()
    return (int(row[0]), str(row[1])) if row else (0, AUDIT_GENESIS)


def head(database: Database, device: DeviceContext) -> DeviceAuditHead:
    with database.read() as session:
        last_seq, last_hash = _last(session, device.device_id)
    return DeviceAuditHead(device_id=device.device_id, last_seq=last_seq, last_hash=last_hash)


def _check_replayed(entry: EntryIn, stored_hash: str | None) -> None:
    # Equal hashes mean equal content only if the sent hash is the hash of what was sent.
    if stored_hash != entry.hash or audit_entry_hash(entry.chained_fields()) != entry.hash:
        raise AuditConflict(
            f"Entri audit {entry.seq} sudah ada di server dengan isi berbeda; log perangkat "
            f"berubah / audit entry {entry.seq} is on the server with different content; the "
            "device's log was altered"
        )


def _check_new(entry: EntryIn, prev_hash: str) -> None:
    if entry.prev_hash != prev_hash:
        raise AuditChainBroken(
            f"Entri audit {entry.seq} tidak menyambung ke entri sebelumnya / audit entry "
            f"{entry.seq} does not link to the previous entry (prev_hash)"
        )
    if audit_entry_hash(entry.chained_fields()) != entry.hash:
        raise AuditHashMismatch(
            f"Hash entri audit {entry.seq} tidak cocok dengan isinya / the hash of audit "
            f"entry {entry.seq} does not match its content"
        )


def upload(database: Database, device: DeviceContext, batch: DeviceAuditBatch) -> DeviceAuditHead:
    """Stores the new entries of a batch after re-verifying them against the stored chain.

    A refused batch is recorded in the server's own chain (REFUSED_ACTION) before the error
    goes back, so the refusal is not only a line in the kiosk's log.

    Raises:
        AuditGap: seq not consecutive, or starting beyond the server's last seq + 1.
        AuditConflict / AuditChainBroken / AuditHashMismatch: see sync.protocol.
    """
    try:
        return _upload(database, device, batch)
    except (AuditGap, AuditConflict, AuditChainBroken, AuditHashMismatch) as error:
        entries = batch.entries
        record_problem(
            database, device, f"{error.code.value}: batch seq {entries[0].seq}-{entries[-1].seq}"
        )
        raise


def record_problem(database: Database, device: DeviceContext, detail: str) -> None:
    """Records, in its own transaction, that this device's audit chain needs a person."""
    with database.write() as session:
        audit.record(
            session, REFUSED_ACTION, device.operator_id, device_id=device.device_id, detail=detail
        )
    log.info("device %s audit chain refused: %s", device.device_id, detail[:80])


def report_problem(
    database: Database, device: DeviceContext, problem: DeviceAuditProblem
) -> DeviceAuditHead:
    """A device that found its own chain shorter than, or different from, the server's copy."""
    record_problem(
        database,
        device,
        f"{problem.code.value}: device holds {problem.local_last_seq} entries",
    )
    return head(database, device)


def _upload(database: Database, device: DeviceContext, batch: DeviceAuditBatch) -> DeviceAuditHead:
    entries = batch.entries
    first = entries[0].seq
    if any(entry.seq != first + i for i, entry in enumerate(entries)):
        raise AuditGap(
            "Nomor urut entri audit dalam satu kiriman harus berurutan / "
            "the seq numbers of one batch must be consecutive"
        )
    with database.write() as session:
        # Serialises uploads of one device (PostgreSQL; SQLite already holds the write lock).
        session.get(Device, device.device_id, with_for_update=True)
        last_seq, last_hash = _last(session, device.device_id)
        if first > last_seq + 1:
            raise AuditGap(
                f"Server menyimpan entri audit sampai {last_seq}; kirim mulai {last_seq + 1} / "
                f"the server holds audit entries up to {last_seq}; send from {last_seq + 1}"
            )
        replayed = session.execute(
            sa.select(DeviceAuditEntry.seq, DeviceAuditEntry.hash).where(
                DeviceAuditEntry.device_id == device.device_id,
                DeviceAuditEntry.seq.between(first, min(last_seq, entries[-1].seq)),
            )
        )
        stored_hashes = {int(seq): str(digest) for seq, digest in replayed}
        prev, new = last_hash, 0
        for entry in entries:
            if entry.seq <= last_seq:
                _check_replayed(entry, stored_hashes.get(entry.seq))
                continue
            _check_new(entry, prev)
            session.add(_row(device.device_id, entry))
            prev, new = entry.hash, new + 1
        if new:
            audit.record(
                session,
                ANCHOR_ACTION,
                device.operator_id,
                device_id=device.device_id,
                detail=f"seq {entries[-1].seq - new + 1}-{entries[-1].seq} head {prev}",
            )
            last_seq, last_hash = entries[-1].seq, prev
    log.info("device %s audit: %d new entries, head %d", device.device_id, new, last_seq)
    return DeviceAuditHead(
        device_id=device.device_id, last_seq=last_seq, last_hash=last_hash, stored=new
    )


def _row(device_id: uuid.UUID, entry: EntryIn) -> DeviceAuditEntry:
    return DeviceAuditEntry(
        device_id=device_id,
        seq=entry.seq,
        at=entry.at,
        device_code=entry.device,
        operator=entry.operator,
        action=entry.action,
        application_id=entry.application_id,
        number=entry.number,
        detail=entry.detail,
        prev_hash=entry.prev_hash,
        hash=entry.hash,
    )


_COLUMNS = {"device": "device_code"}
"""Where a column of ours is named differently from the kiosk's chained field."""


def _fields(row: DeviceAuditEntry) -> dict[str, object]:
    """The kiosk's own field names and values (AUDIT_CHAIN_FIELDS), as stored."""
    return {name: getattr(row, _COLUMNS.get(name, name)) for name in AUDIT_CHAIN_FIELDS}


def _links(session: Session, device_id: uuid.UUID) -> Iterator[Link]:
    rows = session.scalars(
        sa.select(DeviceAuditEntry)
        .where(DeviceAuditEntry.device_id == device_id)
        .order_by(DeviceAuditEntry.seq)
        .execution_options(yield_per=1000)
    )
    for row in rows:
        fields = _fields(row)
        yield Link(
            row.seq, row.prev_hash, row.hash, audit_entry_hash(fields), {**fields, "hash": row.hash}
        )


def anchors(session: Session) -> dict[uuid.UUID, tuple[int, str]]:
    """The newest anchored (seq, hash) of every device, from the server's chain."""
    found: dict[uuid.UUID, tuple[int, str]] = {}
    rows = session.execute(
        sa.select(AuditEvent.device_id, AuditEvent.detail)
        .where(AuditEvent.action == ANCHOR_ACTION)
        .order_by(AuditEvent.seq)
    )
    for device_id, detail in rows:
        match = _ANCHOR_RE.match(detail or "")
        if device_id is not None and match:
            found[device_id] = (int(match.group(2)), match.group(3))
    return found


def refusals(session: Session) -> dict[uuid.UUID, tuple[int, int, str]]:
    """Per device: how many refusals, and the server seq and detail of the newest one."""
    found: dict[uuid.UUID, tuple[int, int, str]] = {}
    rows = session.execute(
        sa.select(AuditEvent.device_id, AuditEvent.seq, AuditEvent.detail)
        .where(AuditEvent.action == REFUSED_ACTION)
        .order_by(AuditEvent.seq)
    )
    for device_id, seq, detail in rows:
        if device_id is not None:
            count = found.get(device_id, (0, 0, ""))[0]
            found[device_id] = (count + 1, int(seq), detail or "")
    return found


def verify_device_chains(session: Session) -> list[ChainCheck]:
    """Every uploaded device chain, checked link by link and against its last anchor.

    A chain that verifies on the server is still reported when the device itself sent a
    refused batch or a problem report: the device's own copy no longer matches this one.
    """
    anchored = anchors(session)
    refused = refusals(session)
    holders = set(session.scalars(sa.select(DeviceAuditEntry.device_id).distinct()))
    checks = []
    for device_id in sorted(holders | set(anchored) | set(refused), key=str):
        check = audit.check_chain(
            f"device {device_id}",
            _links(session, device_id),
            anchored.get(device_id, (0, AUDIT_GENESIS)),
        )
        if check.ok and device_id in refused:
            count, seq, detail = refused[device_id]
            check = dataclasses.replace(
                check,
                ok=False,
                first_bad_seq=check.head_seq,
                problem=(
                    f"log perangkat tidak cocok dengan salinan server ({count}x ditolak, "
                    f"terakhir di entri server {seq}) / the device's log no longer matches "
                    f"the server's copy ({count} refusals, newest at server entry {seq}): "
                    f"{detail}"
                ),
            )
        checks.append(check)
    return checks
