"""The demo profile: sample applications, a demo operator, and a local district server so
sync is visible without any network. Never used outside `--demo`."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import cv2
import numpy as np
import requests

from kiosk.accounts import Role
from kiosk.applications.intake import Applicant, AttachmentInput, NewApplication
from kiosk.local_store import Store
from kiosk.store.machine_state import SERVER_URL

log = logging.getLogger("kiosk.ui")
DEMO_USER, DEMO_PASSWORD = "demo", "demo-1234"
DEMO_OFFICE = "31.71.01"
DEMO_ADDRESS = {
    "alamat": "Jl. Melati No. 12",
    "rt": "001",
    "rw": "002",
    "kode_wilayah": "31.71.01.1001",
}
DEMO_APPLICANTS = (
    (
        "ktp-el-hilang",
        "3171015708900001",
        "3171010101100002",
        "SITI AMINAH",
        date(1990, 8, 17),
        "P",
    ),
    (
        "ktp-el-rusak",
        "3273011203850004",
        "3273011505120001",
        "BUDI SANTOSO",
        date(1985, 3, 12),
        "L",
    ),
    (
        "ktp-el-baru",
        "5108066101080003",
        "5108060202150007",
        "NI LUH PUTU AYU",
        date(2008, 1, 21),
        "P",
    ),
)


def sample_document_jpeg(label: str) -> bytes:
    """A plain card-like picture; real captures come from the camera or scanner."""
    image = np.full((540, 856, 3), 235, np.uint8)
    cv2.rectangle(image, (20, 20), (836, 520), (150, 110, 40), 6)
    cv2.putText(image, label, (60, 280), cv2.FONT_HERSHEY_SIMPLEX, 1.6, (40, 40, 40), 3)
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 80])
    if not ok:
        raise RuntimeError("JPEG encoder unavailable")
    return encoded.tobytes()


def seed_demo_applications(store: Store) -> None:
    for service, nik, no_kk, name, born, sex in DEMO_APPLICANTS:
        documents = store.catalog.service(service).required_documents
        store.submission.submit(
            NewApplication(
                service=service,
                applicant=Applicant(
                    nik, no_kk, name, born, sex, "081234567890", address=dict(DEMO_ADDRESS)
                ),
                attachments=[
                    AttachmentInput(doc, sample_document_jpeg(f"CONTOH {doc.upper()}"))
                    for doc in documents
                ],
                operator=DEMO_USER,
            )
        )


class DemoServer:
    """`kiosk-server serve` on a free loopback port with SQLite, for the demo only."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        base = [
            sys.executable,
            "-m",
            "server.cli",
            "--data-dir",
            str(data_dir),
            "--database-url",
            f"sqlite:///{data_dir / 'server.sqlite3'}",
        ]
        self._base = base
        data_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run([*base, "migrate"], check=True, capture_output=True, timeout=120)
        # The key pair the demo kiosk seals finalised applications to (no passphrase: demo).
        shown = subprocess.run([*base, "keys", "show-public"], capture_output=True, timeout=120)
        if shown.returncode != 0:
            subprocess.run([*base, "keys", "create"], check=True, capture_output=True, timeout=120)
        with (data_dir / "server.log").open("ab") as log_file:
            self.proc = subprocess.Popen(
                [*base, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log_file,
                stderr=log_file,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/api/v1/health", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        log.warning("demo server did not start; the kiosk runs offline")

    def enrollment_code(self) -> str:
        done = subprocess.run(
            [*self._base, "enrollment-code", "--office", DEMO_OFFICE],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return done.stdout.split()[0]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def prepare_demo_data(store: Store) -> None:
    """The demo operator and sample applications; in the start-up worker, before the store is
    handed to the screens (sign-in must find the demo operator)."""
    if store.accounts.needs_first_run():
        store.accounts.create(DEMO_USER, "Petugas Demo", DEMO_PASSWORD, Role.SUPERVISOR)
    if store.records.count() == 0:
        seed_demo_applications(store)


def start_demo_server(store: Store) -> DemoServer | None:
    """Starts the demo server and enrolls with it, in a worker after the store was handed over:
    it runs `kiosk-server` commands and waits for the server to answer (seconds when idle, up
    to a minute on a busy machine), which sign-in must never wait for."""
    try:
        server = DemoServer(store.data_dir / "demo-server")
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("demo server unavailable: %s", type(exc).__name__)
        return None
    if store.state.is_enrolled():
        # Same demo server database as last time, on a new port: the credential still holds.
        store.state.set(SERVER_URL, server.url)
        return server
    from sync.enrollment import enroll
    from sync.errors import SyncError

    try:
        enroll(store, server.url, server.enrollment_code(), "demo kiosk")
    except (SyncError, subprocess.SubprocessError) as exc:
        log.warning("demo enrollment failed: %s", exc)
    return server
