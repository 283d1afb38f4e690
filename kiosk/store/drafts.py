"""Drafts: what an operator has typed and captured so far, encrypted, autosaved.

Captured images go to the vault at once (so a draft never holds megabytes in a row); their
hashes are kept in clear so the vault's orphan collection keeps them.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.disk_space import DiskGuard
from kiosk.store.clock import as_utc, utcnow
from kiosk.store.core import StoreCore
from kiosk.store.models import DraftRow


@dataclass(frozen=True)
class DraftSummary:
    id: str
    operator: str
    service: str | None
    updated_at: datetime
    applicant_name: str = ""
    """Masked after the first word; filled by whoever knows the draft's format (the wizard)."""
    nik_masked: str = ""


class Drafts:
    def __init__(self, core: StoreCore, disk: DiskGuard | None = None) -> None:
        self._core = core
        self.disk = disk or DiskGuard(core.data_dir)

    def put_file(self, data: bytes) -> str:
        """Stores a captured image in the vault now; returns its hash for the draft data.

        Raises DiskSpaceLow when the disk is too close to full for a new capture
        (kiosk.disk_space): refused before anything is written.
        """
        self.disk.check_capture(len(data))
        return self._core.vault.put(data)

    def save(
        self,
        draft_id: str | None,
        *,
        operator: str,
        service: str | None,
        data: dict[str, Any],
        attachment_hashes: list[str],
    ) -> str:
        draft_id = draft_id or str(uuid.uuid4())
        now = utcnow()
        blob = self._core.keys.encrypt(
            json.dumps(data, ensure_ascii=False).encode("utf-8"), f"draft/{draft_id}".encode()
        )
        with self._core.write_session() as session:
            row = session.get(DraftRow, draft_id)
            if row is None:
                row = DraftRow(id=draft_id, operator=operator, created_at=now)
                session.add(row)
            row.service_code = service
            row.payload = blob
            row.attachment_hashes = " ".join(attachment_hashes)
            row.updated_at = now
        return draft_id

    def load(self, draft_id: str) -> dict[str, Any]:
        with self._core.read_session() as session:
            row = session.get(DraftRow, draft_id)
            if row is None:
                return {}
            plain = self._core.keys.decrypt(row.payload, f"draft/{draft_id}".encode())
        result: dict[str, Any] = json.loads(plain)
        return result

    def list(self, operator: str | None = None) -> list[DraftSummary]:
        query = select(DraftRow).order_by(DraftRow.updated_at.desc())
        if operator is not None:
            query = query.where(DraftRow.operator == operator)
        with self._core.read_session() as session:
            return [
                DraftSummary(r.id, r.operator, r.service_code, as_utc(r.updated_at))
                for r in session.scalars(query)
            ]

    @staticmethod
    def delete_in(session: Session, draft_id: str) -> set[str]:
        """Deletes the draft; returns the hashes of the files it named (others may still)."""
        row = session.get(DraftRow, draft_id)
        if row is None:
            return set()
        session.delete(row)
        return set(row.attachment_hashes.split())

    def delete(self, draft_id: str) -> set[str]:
        with self._core.write_session() as session:
            return self.delete_in(session, draft_id)

    def referenced_hashes(self) -> set[str]:
        with self._core.read_session() as session:
            return {
                sha
                for hashes in session.scalars(select(DraftRow.attachment_hashes))
                for sha in hashes.split()
            }
