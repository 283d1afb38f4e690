"""S3-compatible attachment storage (AWS S3, SeaweedFS, MinIO, Ceph RGW) behind AttachmentStorage.

Chosen by `KIOSK_SERVER_STORAGE_URL=s3://bucket/prefix`; the endpoint, region and credentials
come from boto3's own variables (AWS_ENDPOINT_URL, AWS_DEFAULT_REGION, AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, or any other source boto3 reads), so this module never handles a secret.

Layout under the prefix:
- `blobs/<sha256>`: a verified blob. It is written by one PUT (or one completed multipart
  upload), so it exists only whole; and it is written only after its bytes hashed to its name.
- `partial/<partial key>/<offset, 12 digits>`: one object per received chunk. S3 cannot append
  and its multipart parts must be at least 5 MiB (our chunks are 1 MiB), so a partial upload is
  a run of small objects. Nothing of it lives in a server process: any process can take the
  next chunk after a restart, or after the previous one was served by another process.

The database offset stays authoritative, as on local disk: pieces at or beyond it (a crash
between the PUT and the commit) are deleted or cut back before the next chunk is stored, and
pieces that do not reach it contiguously raise PartialLost (the upload restarts from 0).
The row lock the intake takes on the attachment serialises the chunks of one partial.

Requests per single-chunk attachment: LIST + PUT (the chunk), LIST + GET (the hash), one ranged
GET (the seal header), LIST + HEAD + COPY (inside S3, only while the piece is still the object
that was hashed) + DELETE (the promotion). bench/object_storage.py measures it beside raw PUTs.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import re
import threading
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO, cast

from .s3_client import (
    ListedObject,
    ObjectInventory,
    Piece,
    error_code,
    http_status,
    parse_storage_url,
)
from .storage import (
    PartialLost,
    StoredObject,
    check_partial_key,
    check_sha256,
    put_verified_blob,
    valid_partial_key,
    valid_sha256,
)

log = logging.getLogger("kiosk.server.storage")

PART_BYTES = 8 * 1024 * 1024
"""Multipart part size when a finished partial is copied into its blob (S3's minimum: 5 MiB)."""
_OFFSET_DIGITS = 12
_HASHED_REMEMBERED = 256
_PIECE_RE = re.compile(r"/([0-9]{12})$")


class S3Storage(ObjectInventory):
    """Blobs and partial uploads as objects in one bucket, under one prefix."""

    def __init__(self, bucket: str, prefix: str = "", client: Any | None = None) -> None:
        super().__init__(bucket, prefix, client)
        self._hashed: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._hashed_lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str, *, create_bucket: bool = True) -> S3Storage:
        bucket, prefix = parse_storage_url(url)
        storage = cls(bucket, prefix)
        storage.ensure_bucket(create=create_bucket)
        return storage

    # -- names ----------------------------------------------------------------------------

    def _blob_name(self, sha256: str) -> str:
        return f"{self.prefix}blobs/{check_sha256(sha256)}"

    def _partial_prefix(self, key: str) -> str:
        return f"{self.prefix}partial/{check_partial_key(key)}/"

    def _pieces(self, key: str) -> list[Piece]:
        prefix = self._partial_prefix(key)
        pieces: list[Piece] = []
        for item in self.listing(prefix):
            match = _PIECE_RE.search(item.name)
            if match and item.name == prefix + match.group(1):
                pieces.append(Piece(int(match.group(1)), item.size, item.name, item.etag))
        return sorted(pieces, key=lambda piece: piece.start)

    def _get(self, name: str) -> bytes:
        with self.calls():
            body = self.client.get_object(Bucket=self.bucket, Key=name)["Body"]
            with body:
                return cast(bytes, body.read())

    def _put(self, name: str, data: bytes) -> None:
        with self.calls():
            self.client.put_object(Bucket=self.bucket, Key=name, Body=data)

    def _contiguous(self, key: str, pieces: list[Piece] | None = None) -> list[Piece]:
        """The partial's pieces from 0 without a gap; FileNotFoundError when there are none."""
        pieces = self._pieces(key) if pieces is None else pieces
        if not pieces:
            raise FileNotFoundError(key)
        run: list[Piece] = []
        end = 0
        for piece in pieces:
            if piece.start != end:
                break
            run.append(piece)
            end = piece.end
        return run

    # -- AttachmentStorage ----------------------------------------------------------------

    def has_blob(self, sha256: str) -> bool:
        return self.blob_size(sha256) is not None

    def blob_size(self, sha256: str) -> int | None:
        from botocore.exceptions import ClientError

        name = self._blob_name(sha256)
        with self.calls():
            try:
                head = self.client.head_object(Bucket=self.bucket, Key=name)
            except ClientError as exc:
                if http_status(exc) == 404:
                    return None
                raise
        return int(head["ContentLength"])

    def open_blob(self, sha256: str) -> BinaryIO:
        from botocore.exceptions import ClientError

        name = self._blob_name(sha256)
        with self.calls():
            try:
                body = self.client.get_object(Bucket=self.bucket, Key=name)["Body"]
            except ClientError as exc:
                if error_code(exc) in ("NoSuchKey", "404") or http_status(exc) == 404:
                    raise FileNotFoundError(name) from exc
                raise
        return cast(BinaryIO, body)

    def append_partial(self, key: str, offset: int, data: bytes) -> int:
        target = self._partial_prefix(key) + f"{offset:0{_OFFSET_DIGITS}d}"
        end, stale = 0, []
        for piece in self._pieces(key):
            if piece.start >= offset:
                if piece.name != target or not data:
                    stale.append(piece.name)  # stored, but its commit never happened
                continue
            if piece.start != end:
                raise PartialLost(key)
            if piece.end > offset:  # reaches past the recorded offset: cut it back
                self._put(piece.name, self._get(piece.name)[: offset - piece.start])
                end = offset
            else:
                end = piece.end
        if end < offset:
            raise PartialLost(key)
        if stale:
            self.delete(stale)
        if data:
            self._put(target, data)
        return offset + len(data)

    def partial_sha256(self, key: str) -> str:
        digest = hashlib.sha256()
        pieces = self._contiguous(key)
        for piece in pieces:
            digest.update(self._get(piece.name))
        sha256 = digest.hexdigest()
        self._remember_hashed(key, sha256, pieces)
        return sha256

    def _remember_hashed(self, key: str, sha256: str, pieces: list[Piece]) -> None:
        """What was just hashed, so promote_partial may copy it inside S3 instead of reading it
        again. Only a shortcut: promote checks the ETags, and S3 copies only an unchanged
        object (CopySourceIfMatch); any other process simply reads the pieces again."""
        with self._hashed_lock:
            self._hashed[key] = (sha256, tuple(piece.etag for piece in pieces))
            while len(self._hashed) > _HASHED_REMEMBERED:
                self._hashed.pop(next(iter(self._hashed)))

    def partial_head(self, key: str, length: int) -> bytes:
        from botocore.exceptions import ClientError

        first = self._partial_prefix(key) + "0" * _OFFSET_DIGITS
        try:
            with self.calls():
                answer = self.client.get_object(
                    Bucket=self.bucket, Key=first, Range=f"bytes=0-{max(0, length - 1)}"
                )
                with answer["Body"] as body:
                    head = cast(bytes, body.read())
        except ClientError as exc:
            if http_status(exc) == 404:
                raise FileNotFoundError(key) from exc
            if http_status(exc) != 416:  # an empty first piece: read piece by piece below
                raise
            head = b""
        if len(head) >= length or length <= 0:
            return head[:length]
        head = b""
        for piece in self._contiguous(key):
            if len(head) >= length:
                break
            head += self._get(piece.name)
        return head[:length]

    def promote_partial(self, key: str, sha256: str) -> None:
        """Copies the pieces into `blobs/<sha256>`, re-hashing them; then drops the pieces.

        A blob that already exists (same hash, same bytes) is kept as it is. A single piece this
        object has just hashed (partial_sha256) is copied inside S3, on condition that it is
        still that object (CopySourceIfMatch on its ETag); otherwise the pieces are read and
        re-hashed: one PUT up to PART_BYTES, a multipart upload beyond. Either way the blob
        appears only when complete, and bytes that no longer match abort it (ValueError).
        """
        name = self._blob_name(sha256)
        listed = self._pieces(key)
        pieces = self._contiguous(key, listed)
        with self._hashed_lock:
            hashed = self._hashed.pop(key, None)
        if not self.has_blob(sha256):
            total = pieces[-1].end if pieces else 0
            etags = tuple(piece.etag for piece in pieces)
            if len(pieces) == 1 and hashed == (sha256, etags) and etags[0]:
                self._copy_verified(pieces[0], name)
            elif total <= PART_BYTES:
                data = b"".join(self._get(piece.name) for piece in pieces)
                if hashlib.sha256(data).hexdigest() != sha256:
                    raise ValueError("partial changed before it was promoted")
                self._put(name, data)
            else:
                self._multipart_copy(pieces, name, sha256)
        self.delete([piece.name for piece in listed])

    def _copy_verified(self, piece: Piece, name: str) -> None:
        """Copies one piece inside S3, only if it is still the object that was hashed."""
        from botocore.exceptions import ClientError

        try:
            with self.calls():
                self.client.copy_object(
                    Bucket=self.bucket,
                    Key=name,
                    CopySource={"Bucket": self.bucket, "Key": piece.name},
                    CopySourceIfMatch=piece.etag,
                )
        except ClientError as exc:
            if http_status(exc) == 412:
                raise ValueError("partial changed before it was promoted") from exc
            raise

    def _multipart_copy(self, pieces: list[Piece], name: str, sha256: str) -> None:
        with self.calls():
            upload = self.client.create_multipart_upload(Bucket=self.bucket, Key=name)
        upload_id = upload["UploadId"]
        try:
            digest, buffer = hashlib.sha256(), bytearray()
            parts: list[dict[str, Any]] = []

            def flush() -> None:
                number = len(parts) + 1
                with self.calls():
                    answer = self.client.upload_part(
                        Bucket=self.bucket,
                        Key=name,
                        UploadId=upload_id,
                        PartNumber=number,
                        Body=bytes(buffer),
                    )
                parts.append({"PartNumber": number, "ETag": answer["ETag"]})
                buffer.clear()

            for piece in pieces:
                data = self._get(piece.name)
                digest.update(data)
                buffer += data
                if len(buffer) >= PART_BYTES:
                    flush()
            if buffer or not parts:
                flush()
            if digest.hexdigest() != sha256:
                raise ValueError("partial changed before it was promoted")
            with self.calls():
                self.client.complete_multipart_upload(
                    Bucket=self.bucket,
                    Key=name,
                    UploadId=upload_id,
                    MultipartUpload={"Parts": parts},
                )
        except BaseException:
            with contextlib.suppress(Exception):  # an unfinished upload is invisible anyway
                self.client.abort_multipart_upload(Bucket=self.bucket, Key=name, UploadId=upload_id)
            raise

    def put_blob(self, data: bytes) -> str:
        return put_verified_blob(self, data)

    def store_blob(self, sha256: str, data: bytes | memoryview) -> None:
        self._put(self._blob_name(sha256), bytes(data))  # botocore takes no memoryview

    def remove_blob(self, sha256: str) -> None:
        self.delete([self._blob_name(sha256)])

    def remove_blobs(self, sha256s: Sequence[str]) -> list[str]:
        """One DeleteObjects request per 1,000 blobs; returns the hashes S3 refused."""
        start = f"{self.prefix}blobs/"
        refused = self.delete([self._blob_name(sha256) for sha256 in sha256s])
        return [name[len(start) :] for name in refused]

    def stored_blobs(self) -> Iterator[StoredObject]:
        """Every blob under the prefix (LIST, 1,000 a request), in hash order."""
        start = f"{self.prefix}blobs/"
        for item in self.listing(start):
            sha256 = item.name[len(start) :]
            if valid_sha256(sha256):
                yield StoredObject(sha256, item.size, item.modified)

    def stored_partials(self) -> Iterator[StoredObject]:
        """Every partial upload: the size of its pieces together, the newest piece's time.

        A listing is in name order, so the pieces of one partial come one after another.
        """
        start = f"{self.prefix}partial/"

        def key_of(item: ListedObject) -> str:
            return item.name[len(start) :].split("/", 1)[0]

        for key, items in itertools.groupby(self.listing(start), key=key_of):
            pieces = [item for item in items if _PIECE_RE.search(item.name)]
            if pieces and valid_partial_key(key):
                yield StoredObject(
                    key,
                    sum(item.size for item in pieces),
                    max(item.modified for item in pieces),
                )

    def discard_partial(self, key: str) -> None:
        with self._hashed_lock:
            self._hashed.pop(key, None)
        names = [piece.name for piece in self._pieces(key)]
        if names:
            self.delete(names)
