"""Durable file writes: temp file -> fsync -> rename -> fsync of the folder."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from kiosk.errors import StorageError


def disk_full_error(path: Path) -> StorageError:
    return StorageError(
        f"Penyimpanan penuh saat menulis {path.name}. Kosongkan ruang disk lalu coba lagi; "
        "data yang sudah tersimpan aman.",
        f"The disk is full while writing {path.name}. Free some space and try again; data "
        "already saved is safe.",
        code="disk_full",
    )


def is_disk_full(exc: BaseException) -> bool:
    """Whether `exc` (or what caused it) means the disk or the user's quota is full.

    Covers the OS's ENOSPC/EDQUOT and SQLite's SQLITE_FULL ("database or disk is full"),
    which SQLAlchemy wraps in an OperationalError.
    """
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if getattr(seen, "sqlite_errorcode", None) == 13 or "disk is full" in str(seen):
            return True
        seen = getattr(seen, "orig", None) or seen.__cause__ or seen.__context__
    return False


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Writes `data` so that `path` holds either the old content or all of the new, never half."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise disk_full_error(path) from exc
        raise StorageError(
            f"Gagal menyimpan {path.name}: {exc.strerror}",
            f"Could not save {path.name}: {exc.strerror}",
        ) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.chmod(tmp, mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise disk_full_error(path) from exc
        raise StorageError(
            f"Gagal menyimpan {path.name}: {exc.strerror}",
            f"Could not save {path.name}: {exc.strerror}",
        ) from exc
