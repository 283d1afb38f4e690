"""Typed settings of one kiosk-server process: command line over environment over defaults.

Every command reads the same environment variables (database URL, data dir, storage URL), so
an operator sets them once per host (systemd unit, container env) and the CLI and the API
always agree on the database and on where attachments live.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from pathlib import Path

ENV_DATABASE_URL = "KIOSK_SERVER_DATABASE_URL"
ENV_DATA_DIR = "KIOSK_SERVER_DATA_DIR"
ENV_STORAGE_URL = "KIOSK_SERVER_STORAGE_URL"
APP_NAME = "kelurahan-kiosk-server"


def default_data_dir() -> Path:
    """The per-user data dir; platformdirs is imported here because only defaults need it."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class ServerSettings:
    """Everything a server process needs to know; built once, passed down explicitly.

    Attributes:
        database_url: SQLAlchemy URL. PostgreSQL in production; SQLite for the demo.
        data_dir: attachments (blobs and partial uploads) and keys live here.
        storage_url: where attachments live instead, `s3://bucket/prefix` (S3-compatible
            object storage, configured further by boto3's AWS_* variables); None = data_dir.
        max_concurrent_uploads: chunk requests handled at once by this process; beyond it
            the server answers 503 + Retry-After instead of queueing unbounded memory.
        max_uploads_per_device: chunk requests one device may have in flight; beyond it 429.
            A well-behaved kiosk uploads one chunk at a time.
        retry_after_min_seconds, retry_after_max_seconds: bounds of the Retry-After of
            429/503 answers, which is computed per refusal from how fast slots free up and
            the returns already handed out (server.api.backpressure.ComeBackClock), so a
            refused herd comes back spread over the next seconds, not in one wave.
        upload_wait_seconds: how long a chunk request that finds every upload slot taken
            waits for one at most before the 503 (its body unread: no memory held); 0 = answer
            at once.
        upload_wait_target_seconds: such a request waits only if its expected wait (its place
            in the wait queue times the mean hold over the slots, as measured) is at most this
            long; otherwise the 503 comes at once, with a Retry-After booked after the queue.
        stall_timeout_seconds: a chunk whose bytes stop arriving for this long is dropped
            (408) and its upload slot freed; otherwise a stalled link (a proxy, a dying
            modem) would hold a slot for as long as TCP keeps the connection, and a handful of
            them would lock every kiosk out.
        header_timeout_seconds: the request line and headers must be complete this long
            after their first byte (or the connection opening); otherwise 408 and close.
        body_timeout_seconds: a request body must be complete within this long (408).
            A full chunk (MAX_CHUNK_BYTES) at the default needs about 3.5 KiB/s.
        min_body_rate, body_rate_window_seconds, body_rate_grace_seconds: after the grace
            period a body must arrive at min_body_rate bytes/s averaged over the window;
            a body dripping slower is aborted (408) and its upload slot freed. 0 disables.
        max_unauthenticated_requests: requests in flight at once whose device credential is
            not checked yet (enrollment, bodies read before authentication); beyond it 503
            + Retry-After. /health is not counted.
        metrics_allow: client networks (CIDR) besides loopback that may read /metrics.
        enrollment_code_ttl_hours: how long a one-time code (and its idempotent replay) lives.
        device_rate: requests per second one device may make on average (token bucket).
        device_burst: requests one device may make at once before the rate applies.
        enroll_rate, enroll_burst: the same for enrollment, keyed by client address.
        auth_failure_rate, auth_failure_burst: failed device authentications per client
            address; beyond them that address gets 429 before its secret is even looked at.
    """

    database_url: str
    data_dir: Path
    storage_url: str | None = None
    max_concurrent_uploads: int = 32
    max_uploads_per_device: int = 2
    retry_after_min_seconds: int = 1
    retry_after_max_seconds: int = 60
    upload_wait_seconds: float = 1.0
    upload_wait_target_seconds: float = 0.5
    stall_timeout_seconds: float = 30.0
    header_timeout_seconds: float = 10.0
    body_timeout_seconds: float = 300.0
    min_body_rate: float = 1024.0
    body_rate_window_seconds: float = 10.0
    body_rate_grace_seconds: float = 10.0
    max_unauthenticated_requests: int = 64
    metrics_allow: tuple[str, ...] = ()
    enrollment_code_ttl_hours: int = 72
    device_rate: float = 20.0
    device_burst: int = 120
    enroll_rate: float = 0.2
    enroll_burst: int = 10
    auth_failure_rate: float = 1.0
    auth_failure_burst: int = 30

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def seal_keys_dir(self) -> Path:
        """The key pairs citizen data is sealed to (server.seal_keys)."""
        return self.keys_dir / "seal"


def resolve_settings(
    database_url: str | None = None, data_dir: str | os.PathLike[str] | None = None
) -> ServerSettings:
    """Command-line values win over the environment, which wins over the defaults.

    The default database is a SQLite file in the data dir, so `kiosk-server serve` with no
    configuration is a working single-office demo.
    """
    chosen_dir = data_dir or os.environ.get(ENV_DATA_DIR) or default_data_dir()
    resolved_dir = Path(chosen_dir).expanduser().resolve()
    url = database_url or os.environ.get(ENV_DATABASE_URL)
    if not url:
        url = f"sqlite:///{resolved_dir / 'server.sqlite3'}"
    storage_url = os.environ.get(ENV_STORAGE_URL) or None
    return ServerSettings(database_url=url, data_dir=resolved_dir, storage_url=storage_url)


ENV_SETTINGS_JSON = "KIOSK_SERVER_SETTINGS_JSON"
"""How `serve --workers N` hands the resolved settings to its worker processes."""


def settings_to_json(settings: ServerSettings) -> str:
    """The settings as JSON, for the environment of worker processes."""
    values = dataclasses.asdict(settings)
    values["data_dir"] = str(settings.data_dir)
    values["metrics_allow"] = list(settings.metrics_allow)
    return json.dumps(values)


def settings_from_json(text: str) -> ServerSettings:
    """The inverse of settings_to_json."""
    values = json.loads(text)
    values["data_dir"] = Path(values["data_dir"])
    values["metrics_allow"] = tuple(values["metrics_allow"])
    return ServerSettings(**values)
