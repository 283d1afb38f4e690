"""The verifier-side state machine of one application version.

The server owns these transitions because only the district office decides; kiosks merely
display what the change feed tells them. `incomplete -> received` is never a decision: it
happens exactly when the last attachment verifies (server.intake).

    received --> verified --> processing --> ready --> collected
        \\           \\             \\
         +-----------+-------------+--> rejected (reason + what to fix; the kiosk answers
         \\           \\             \\               with version + 1)
          +-----------+-------------+--> cancelled
"""

from __future__ import annotations

from sync.protocol import ApplicationStatus as S

from .errors import IllegalTransition, InvalidRequest

ALLOWED: dict[S, frozenset[S]] = {
    S.INCOMPLETE: frozenset(),
    S.RECEIVED: frozenset({S.VERIFIED, S.REJECTED, S.CANCELLED}),
    S.VERIFIED: frozenset({S.PROCESSING, S.REJECTED, S.CANCELLED}),
    S.PROCESSING: frozenset({S.READY, S.REJECTED, S.CANCELLED}),
    S.READY: frozenset({S.COLLECTED}),
    S.COLLECTED: frozenset(),
    S.REJECTED: frozenset(),
    S.CANCELLED: frozenset(),
}
DECISIONS: frozenset[S] = frozenset(
    {S.VERIFIED, S.REJECTED, S.PROCESSING, S.READY, S.COLLECTED, S.CANCELLED}
)
"""Statuses a verifier may set; `received` and `incomplete` belong to the upload itself."""
MAX_TEXT = 500
STATUS_LABELS: dict[S, tuple[str, str]] = {
    S.INCOMPLETE: ("Belum lengkap", "Incomplete"),
    # "Diterima" alone reads like "accepted": it has only arrived, nobody has checked it.
    S.RECEIVED: ("Diterima, belum diperiksa", "Received, not yet checked"),
    S.VERIFIED: ("Terverifikasi", "Verified"),
    S.PROCESSING: ("Diproses", "Processing"),
    S.READY: ("Siap diambil", "Ready for pickup"),
    S.COLLECTED: ("Sudah diambil", "Collected"),
    S.REJECTED: ("Ditolak", "Rejected"),
    S.CANCELLED: ("Dibatalkan", "Cancelled"),
}
"""What the back office shows for each status: Bahasa Indonesia, then English."""


def check_decision(current: S, new: S, reason: str | None, fix: str | None) -> None:
    """Raises unless a verifier may move an application from `current` to `new`.

    Raises:
        InvalidRequest: `new` is not a decision, or a rejection lacks its reason.
        IllegalTransition: the state machine forbids the move (e.g. collected -> verified).
    """
    if new not in DECISIONS:
        raise InvalidRequest(
            f"Status '{new}' tidak dapat diputuskan petugas / status '{new}' is not a decision"
        )
    for text in (reason, fix):
        if text is not None and (not text.strip() or len(text) > MAX_TEXT):
            raise InvalidRequest(
                f"Alasan/perbaikan harus 1-{MAX_TEXT} karakter / "
                f"reason and fix must be 1-{MAX_TEXT} characters"
            )
    if new == S.REJECTED and not reason:
        raise InvalidRequest(
            "Penolakan wajib disertai alasan (--reason) / a rejection needs a reason (--reason)"
        )
    if current == S.INCOMPLETE:
        raise IllegalTransition(
            "Permohonan belum lengkap diterima (lampiran masih kurang) / "
            "the application is not completely received yet (attachments missing)"
        )
    if new not in ALLOWED[current]:
        raise IllegalTransition(
            f"Status tidak dapat berubah dari '{current}' ke '{new}' / "
            f"illegal status change from '{current}' to '{new}'"
        )
