"""One application version in one request (request 3f): the manifest and its attachments.

The body is a length-prefixed frame, so neither side needs a multipart parser and a lie in
any length is noticed before a byte of it is trusted::

    body := manifest_length manifest part*
    manifest_length := 4 bytes, unsigned big-endian, at most MAX_JSON_BODY_BYTES
    manifest := the ApplicationManifest as JSON (UTF-8)
    part := sha256 (32 raw bytes) length (4 bytes, unsigned big-endian) bytes

Each part is one attachment of the manifest (any order, each at most once); attachments the
server already holds may be left out (the answer lists what is still missing). The whole
body is at most MAX_WHOLE_BODY_BYTES. Decisions: docs/adr/0009-whole-application-upload.md.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final
from uuid import UUID

from .applications import MAX_ATTACHMENTS, manifest_path
from .base import MAX_JSON_BODY_BYTES, MAX_WHOLE_BODY_BYTES

WHOLE_CONTENT_TYPE: Final = "application/vnd.kiosk.whole-application"
_LENGTH = struct.Struct(">I")
_PART_HEAD = 32 + _LENGTH.size


class FrameError(ValueError):
    """The body is not a well-formed frame (a length that lies, truncated, repeated part)."""


@dataclass(frozen=True)
class WholeBody:
    manifest: bytes
    parts: dict[str, memoryview]
    """Attachment bytes by their declared (lowercase hex) SHA-256, not yet verified."""


def whole_path(application_id: UUID, version: int) -> str:
    return f"{manifest_path(application_id, version)}/whole"


def frame_size(manifest_json: bytes, sizes: Iterable[int]) -> int:
    """Bytes of the frame for a manifest and attachments of these sizes (the kiosk's test)."""
    return _LENGTH.size + len(manifest_json) + sum(_PART_HEAD + size for size in sizes)


def encode_whole(manifest_json: bytes, parts: Iterable[tuple[str, bytes]]) -> Iterator[bytes]:
    """The frame, piece by piece (so the attachments are never copied into one buffer)."""
    yield _LENGTH.pack(len(manifest_json))
    yield manifest_json
    for sha256, data in parts:
        yield bytes.fromhex(sha256) + _LENGTH.pack(len(data))
        yield data


def decode_whole(body: bytes) -> WholeBody:
    """Splits a frame without copying the attachments.

    Raises:
        FrameError: too large, truncated, a length beyond the body, a part named twice or
            more parts than a manifest may have.
    """
    if len(body) > MAX_WHOLE_BODY_BYTES:
        raise FrameError(f"body over {MAX_WHOLE_BODY_BYTES} bytes")
    view = memoryview(body)
    if len(view) < _LENGTH.size:
        raise FrameError("truncated before the manifest length")
    (length,) = _LENGTH.unpack_from(view, 0)
    position = _LENGTH.size + length
    if length == 0 or length > MAX_JSON_BODY_BYTES or position > len(view):
        raise FrameError("the manifest length does not fit the body")
    manifest = bytes(view[_LENGTH.size : position])
    parts: dict[str, memoryview] = {}
    while position < len(view):
        if len(view) - position < _PART_HEAD:
            raise FrameError("truncated part header")
        sha256 = view[position : position + 32].hex()
        (size,) = _LENGTH.unpack_from(view, position + 32)
        start = position + _PART_HEAD
        position = start + size
        if size == 0 or position > len(view):
            raise FrameError(f"part {sha256[:12]}: its length does not fit the body")
        if sha256 in parts or len(parts) >= MAX_ATTACHMENTS:
            raise FrameError(f"part {sha256[:12]} repeated, or too many parts")
        parts[sha256] = view[start:position]
    return WholeBody(manifest, parts)
