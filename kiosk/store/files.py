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


PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def make_private(root: Path) -> int:
    """Makes every folder under `root` (itself included) 0700 and every file 0600.

    Run at start-up, so folders made by older versions (0755, files 0644: world-readable
    scans, hashes, the database) are closed too. Symbolic links are left alone. Returns how
    many modes it changed.
    """
    changed = 0
    if not root.is_dir():
        return 0
    for folder, dirs, files in os.walk(root):
        for name, wanted in [(folder, PRIVATE_DIR_MODE)] + [
            (os.path.join(folder, f), PRIVATE_FILE_MODE) for f in files
        ]:
            try:
                info = os.lstat(name)
            except FileNotFoundError:
                continue
            if os.path.islink(name) or info.st_mode & 0o777 == wanted:
                continue
            with contextlib.suppress(PermissionError):
                os.chmod(name, wanted)
                changed += 1
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
    return changed


def create_private_file(path: Path) -> None:
    """Creates `path` empty with mode 0600 if it does not exist, else makes it 0600.

    Called before SQLite opens the file: SQLite gives its -wal and -shm files the
    database file's mode.
    """
    path.parent.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)  # an existing file of an older version too
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Writes `data` so that `path` holds either the old content or all of the new, never half."""
    try:
        path.parent.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
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
