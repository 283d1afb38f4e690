"""Which attachment storage a server process uses: local disk, or S3 when configured."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .storage import AttachmentStorage, LocalDiskStorage

if TYPE_CHECKING:
    from .config import ServerSettings


def open_storage(settings: ServerSettings) -> AttachmentStorage:
    """The storage `settings` name: S3 for an `s3://` storage URL, else the local data dir.

    Raises:
        StorageUnavailable: the S3 storage cannot be reached, or its bucket is missing and
            cannot be created (the message names the bucket).
    """
    if settings.storage_url:
        from .object_storage import S3Storage

        return S3Storage.from_url(settings.storage_url)
    return LocalDiskStorage(settings.attachments_dir)
