"""The district's list of rejection reasons: data, like the service catalog, never code.

Each reason names what the applicant must fix (`target`: ``document:<code>`` or
``field:<name>``), so the kiosk's "Perbaiki" can open exactly that. The list ships in
resources/backoffice/rejection_reasons.json; a district replaces it with its own file of the
same shape (`kiosk-server backoffice --reasons FILE`) without touching code.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import InvalidRequest

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "resources" / "backoffice"
DEFAULT_FILE = DEFAULT_PATH / "rejection_reasons.json"
TARGET_PATTERN = r"^(document|field):[a-z0-9._-]{1,64}$"


class RejectionReason(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[a-z0-9-]{2,64}$")
    target: str = Field(pattern=TARGET_PATTERN)
    label_id: str = Field(min_length=1, max_length=120)
    label_en: str = Field(min_length=1, max_length=120)
    fix_id: str = Field(min_length=1, max_length=200)
    fix_en: str = Field(min_length=1, max_length=200)


class ReasonList(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = Field(ge=1, le=1)
    reasons: list[RejectionReason] = Field(min_length=1)

    def by_code(self) -> dict[str, RejectionReason]:
        return {reason.code: reason for reason in self.reasons}


def load_reasons(path: Path | None = None) -> ReasonList:
    """Reads and checks a reason list. Raises InvalidRequest with what is wrong in the file."""
    source = path or DEFAULT_FILE
    try:
        reasons = ReasonList.model_validate(json.loads(source.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidRequest(
            f"Daftar alasan penolakan {source} tidak sah: {first} / "
            f"the rejection reason list {source} is not valid: {first}"
        ) from None
    codes = [reason.code for reason in reasons.reasons]
    if len(codes) != len(set(codes)):
        raise InvalidRequest(f"Kode alasan ganda di {source} / duplicate reason codes in {source}")
    return reasons
