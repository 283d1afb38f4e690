"""Free disk space, checked before each capture (jemput bola laptops fill up over weeks).

Below WARN_FREE_BYTES the kiosk warns (the status bar); below REFUSE_FREE_BYTES it refuses a
NEW capture, well before the disk is really full, so that what is already captured can still
be submitted and what is queued can still be synced or exported: the database, its journal,
the audit log and a bundle's temp file all need room. Nothing queued is ever removed to make
space; a truly full disk is still handled where it happens (kiosk.store.files, disk_full).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kiosk.errors import KioskError

MIB = 1024 * 1024
WARN_FREE_BYTES = 1024 * MIB
REFUSE_FREE_BYTES = 256 * MIB


class DiskLevel(StrEnum):
    OK = "ok"
    LOW = "low"
    REFUSE = "refuse"


class DiskSpaceLow(KioskError):
    code = "disk_space_low"


@dataclass(frozen=True)
class DiskStatus:
    level: DiskLevel
    free_bytes: int

    @property
    def free_mib(self) -> int:
        return self.free_bytes // MIB


@dataclass
class DiskGuard:
    """The data dir's free space and the two thresholds (settable for a small disk)."""

    folder: Path
    warn_bytes: int = WARN_FREE_BYTES
    refuse_bytes: int = REFUSE_FREE_BYTES

    def status(self, incoming: int = 0) -> DiskStatus:
        free = shutil.disk_usage(self.folder).free - incoming
        if free < self.refuse_bytes:
            return DiskStatus(DiskLevel.REFUSE, max(free, 0))
        if free < self.warn_bytes:
            return DiskStatus(DiskLevel.LOW, free)
        return DiskStatus(DiskLevel.OK, free)

    def check_capture(self, size: int) -> DiskStatus:
        """Raises DiskSpaceLow when storing `size` more bytes would pass the refuse limit."""
        status = self.status(size)
        if status.level is DiskLevel.REFUSE:
            raise DiskSpaceLow(
                f"Ruang disk hampir habis (sisa {status.free_mib} MB): foto/pindaian baru "
                "ditolak supaya permohonan yang sudah antre tetap aman. Kirim atau ekspor "
                "antrean, hapus berkas lain, lalu ulangi.",
                f"The disk is almost full ({status.free_mib} MB left): new captures are "
                "refused so that queued applications stay safe. Sync or export the queue, "
                "free some space, then try again.",
            )
        return status
