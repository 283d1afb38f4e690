"""The device's audit chain goes to the server, which re-verifies it (INVARIANT 4).

A kiosk whose log was tampered with after upload is caught by `kiosk-server audit verify`.
A chain the server refuses, or one shorter than (or different from) what the server already
holds, is a needs-attention state of the device (AUDIT_PROBLEM), reported to the server too:
nothing more is uploaded until a person has looked (issue 11). The server's head is kept on
the device, so a log emptied afterwards (head included) does not verify as "0 entries".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from kiosk.local_store import Store
from kiosk.store import machine_state as ms
from sync import protocol as p
from sync.client import SyncClient, is_offline
from sync.errors import ErrorClass, SyncError

log = logging.getLogger("kiosk.sync")


class AuditReport(Protocol):
    audit_uploaded: int
    errors: list[str]


def push_audit(
    store: Store, client: SyncClient, stop_if_cancelled: Callable[[], None], report: AuditReport
) -> str | None:
    """Uploads what the server lacks; returns the problem code when a person must look."""
    server = client.audit_head()
    mismatch = _mismatch(store, server)
    if mismatch is not None:
        _needs_attention(store, report, mismatch)
        problem = p.DeviceAuditProblem(code=mismatch, local_last_seq=_local_seq(store))
        try:
            client.report_audit_problem(problem)
        except SyncError as error:
            if is_offline(error):
                raise
            log.info("audit problem not reported: %s", error.code)
        return mismatch.value
    store.state.set(ms.AUDIT_SERVER_HEAD, f"{server.last_seq}:{server.last_hash}")
    last = server.last_seq
    while True:
        stop_if_cancelled()
        entries = store.audit.after(last, p.MAX_AUDIT_BATCH)
        if not entries:
            break
        batch = p.DeviceAuditBatch(entries=[p.DeviceAuditEntry(**e) for e in entries])
        try:
            head = client.post_audit(batch)
        except SyncError as error:
            if error.kind is not ErrorClass.NEEDS_PERSON:
                raise
            _needs_attention(store, report, error.code)
            return error.code
        store.state.set(ms.AUDIT_SERVER_HEAD, f"{head.last_seq}:{head.last_hash}")
        last = head.last_seq
        report.audit_uploaded += len(entries)
    store.state.set(ms.AUDIT_PROBLEM, "")
    return None


def _local_seq(store: Store) -> int:
    newest = store.audit.entries(limit=1)
    return int(newest[0]["seq"]) if newest else 0


def _mismatch(store: Store, server: p.DeviceAuditHead) -> p.AuditProblemCode | None:
    """Whether this device's chain lacks, or differs at, the server's newest entry."""
    if server.last_seq == 0:
        return None
    at_head = store.audit.after(server.last_seq - 1, 1)
    if not at_head or at_head[0]["seq"] != server.last_seq:
        return p.AuditProblemCode.CHAIN_SHORTER
    if at_head[0]["hash"] != server.last_hash:
        return p.AuditProblemCode.CHAIN_DIVERGED
    return None


def _needs_attention(store: Store, report: AuditReport, code: str) -> None:
    report.errors.append(code)
    store.state.set(
        ms.AUDIT_PROBLEM,
        f"{code}: log audit perangkat ini tidak cocok dengan salinan di server; hubungi "
        "supervisor / this device's audit log no longer matches the server's copy; "
        "call a supervisor",
    )
    log.warning("audit log refused or cut short (%s): needs a person", code)
