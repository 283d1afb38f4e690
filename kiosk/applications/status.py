"""The life of an application, from draft on the kiosk to the card collected at the office.

draft -> submitted (queued locally) -> sent -> received -> verified -> processing -> ready ->
collected. A verifier may reject from received, verified or processing, with reasons and what
to fix; the fix is a NEW VERSION of the same application, the rejected version stays rejected.
The server's change feed only reports the latest status, so server-side statuses may skip
intermediate steps forwards (received -> ready), but never move backwards.
"""

from __future__ import annotations

from enum import StrEnum

from kiosk.contract import ApplicationStatus
from kiosk.errors import IllegalTransition


class Status(StrEnum):
    """The kiosk's own statuses before sending; from `received` on, the server's (by value)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    SENT = "sent"
    RECEIVED = ApplicationStatus.RECEIVED.value
    VERIFIED = ApplicationStatus.VERIFIED.value
    PROCESSING = ApplicationStatus.PROCESSING.value
    READY = ApplicationStatus.READY.value
    COLLECTED = ApplicationStatus.COLLECTED.value
    REJECTED = ApplicationStatus.REJECTED.value
    CANCELLED = ApplicationStatus.CANCELLED.value


STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.DRAFT: ("Draf", "Draft"),
    Status.SUBMITTED: ("Menunggu dikirim", "Queued to send"),
    Status.SENT: ("Sedang dikirim", "Sending"),
    # "Diterima" reads like "accepted": the application has only arrived, not been checked.
    Status.RECEIVED: (
        "Sampai di Dukcapil, belum diperiksa",
        "Received by the registry, not yet checked",
    ),
    Status.VERIFIED: ("Terverifikasi", "Verified"),
    Status.PROCESSING: ("Diproses", "Processing"),
    Status.READY: ("Siap diambil", "Ready for pickup"),
    Status.COLLECTED: ("Sudah diambil", "Collected"),
    Status.REJECTED: ("Ditolak, perlu perbaikan", "Rejected, needs a fix"),
    Status.CANCELLED: ("Dibatalkan", "Cancelled"),
}

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED, Status.CANCELLED}),
    Status.SUBMITTED: frozenset({Status.SENT, Status.RECEIVED}),
    Status.SENT: frozenset({Status.RECEIVED}),
    Status.RECEIVED: frozenset(
        {Status.VERIFIED, Status.PROCESSING, Status.READY, Status.REJECTED, Status.CANCELLED}
    ),
    Status.VERIFIED: frozenset(
        {Status.PROCESSING, Status.READY, Status.REJECTED, Status.CANCELLED}
    ),
    Status.PROCESSING: frozenset({Status.READY, Status.REJECTED}),
    Status.READY: frozenset({Status.COLLECTED}),
    Status.REJECTED: frozenset({Status.CANCELLED}),
    Status.COLLECTED: frozenset(),
    Status.CANCELLED: frozenset(),
}

TERMINAL = frozenset(s for s, targets in TRANSITIONS.items() if not targets)


def can_transition(current: Status, target: Status) -> bool:
    return target in TRANSITIONS[current]


def check_transition(current: Status, target: Status) -> None:
    """Raises IllegalTransition unless `current -> target` is allowed."""
    if not can_transition(current, target):
        cur_id, cur_en = STATUS_LABELS[current]
        tgt_id, tgt_en = STATUS_LABELS[target]
        raise IllegalTransition(
            f"Status permohonan tidak bisa berubah dari '{cur_id}' ke '{tgt_id}'",
            f"An application cannot move from '{cur_en}' to '{tgt_en}'",
        )


def can_revise(current: Status) -> bool:
    """Only a rejected version can be corrected by a new version."""
    return current is Status.REJECTED
