"""Which vault files are still needed, and deleting the ones nothing needs any more.

A vault file is needed while a live (not purged) attachment row or a draft names it. Files are
written before the transaction that references them, so a crash leaves at worst an orphan,
collected here on the next start; clear copies of sealed documents and purged documents are
dropped the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from kiosk.store.core import StoreCore
from kiosk.store.drafts import Drafts
from kiosk.store.models import AttachmentRow


def live_attachment_hashes(core: StoreCore) -> set[str]:
    """Hashes of attachments whose files must stay (not purged)."""
    with core.read_session() as session:
        return set(
            session.scalars(select(AttachmentRow.sha256).where(AttachmentRow.purged_at.is_(None)))
        )


RUNNING_MIN_AGE = 3600.0
"""Seconds a vault file must be old before a sweep while the kiosk runs may delete it: a newer
one may be a capture whose draft is not saved yet (see `Vault.collect_orphans`)."""


def collect_orphans(core: StoreCore, *, min_age: float = RUNNING_MIN_AGE) -> int:
    """Deletes every vault file no live attachment row and no draft needs any more.

    Only files at least `min_age` seconds old; `Store.open` passes 0 (nothing of this store
    is writing yet). Files known to be unneeded now go through `drop_unreferenced`.
    """
    return core.vault.collect_orphans(
        live_attachment_hashes(core) | Drafts(core).referenced_hashes(), min_age=min_age
    )


def drop_unreferenced(core: StoreCore, hashes: Iterable[str]) -> int:
    """Deletes these vault files unless a live attachment row or a draft still uses them."""
    candidates = set(hashes)
    if not candidates:
        return 0
    with core.read_session() as session:
        used = set(
            session.scalars(
                select(AttachmentRow.sha256).where(
                    AttachmentRow.sha256.in_(candidates), AttachmentRow.purged_at.is_(None)
                )
            )
        )
    used |= Drafts(core).referenced_hashes()
    removed = 0
    for sha256 in candidates - used:
        path = core.vault.path_for(sha256)
        if path.exists():
            path.unlink()
            removed += 1
    return removed
