"""Screenshots of every back-office page (docs/screenshots/bo-*.png), 1366x768 and 1920x1080.

Run by scripts/backoffice-screenshots. Demo data: a kiosk with 6 applications synced to a real
`kiosk-server serve`; the pages come from a real `kiosk-server backoffice` in Chromium.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from kiosk.applications.intake import Applicant, AttachmentInput, NewApplication  # noqa: E402
from kiosk.local_store import Store  # noqa: E402
from resources.demo import media  # noqa: E402
from tests.helpers.applications import make_nik  # noqa: E402
from tests.helpers.postgres import find_bin_dir, start_cluster  # noqa: E402
from tests.helpers.processes import BackofficeProcess, ServerProcess, kiosk  # noqa: E402
from ui.demo import DEMO_ADDRESS  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
OFFICE = "31.71.01"
PASSWORD = "demo-verifikator"
NAMES = ["SITI AMINAH", "BUDI SANTOSO", "NI LUH PUTU AYU", "AGUS SALIM", "DEWI LESTARI", "YOHANES"]


def _photo(seed: int, kind: str) -> bytes:
    import cv2

    ok, data = cv2.imencode(".jpg", media.document_photo(seed, kind).image)
    assert ok
    return bytes(data.tobytes())


def _populate(server: ServerProcess, data_dir: Path) -> list[str]:
    code = server.enrollment_code(OFFICE)
    kiosk("enroll", "--data-dir", str(data_dir), "--server", server.url, "--code", code)
    store = Store.open(data_dir)
    ids = []
    try:
        for i, name in enumerate(NAMES):
            applicant = Applicant(
                make_nik(i, female=i % 2 == 0), "3171010101100002", name, date(1990, 8, 17),
                "P" if i % 2 == 0 else "L", "081234567890",
                extra={"kontak_izin": "whatsapp"}, address=dict(DEMO_ADDRESS),
            )  # fmt: skip
            new = NewApplication(
                service="ktp-el-hilang",
                applicant=applicant,
                attachments=[
                    AttachmentInput("kk", _photo(i, "kk")),
                    AttachmentInput("surat-kehilangan", _photo(50 + i, "kk")),
                ],
                operator="petugas1",
            )
            ids.append(store.submission.submit(new).id)
    finally:
        store.close()
    kiosk("sync", "--once", "--data-dir", str(data_dir))
    return ids


def _shoot(page: Page, name: str) -> None:
    page.screenshot(path=str(OUT / f"bo-{name}.png"), full_page=False)
    print(OUT / f"bo-{name}.png")


def main() -> int:
    chromium = shutil.which("chromium")
    bin_dir = find_bin_dir()
    if chromium is None or bin_dir is None:
        print("chromium and PostgreSQL are needed: run scripts/setup.sh", file=sys.stderr)
        return 1
    cluster = start_cluster(bin_dir)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            server = ServerProcess(Path(tmp) / "server", cluster.url(cluster.create_database()))
            server.cli("keys", "create")
            server.cli(
                "user", "add", "siti", "--name", "Siti Rahayu", "--role", "supervisor",
                "--password-stdin", stdin=PASSWORD + "\n",
            )  # fmt: skip
            server.start()
            backoffice = BackofficeProcess(server)
            backoffice.start()
            try:
                ids = _populate(server, Path(tmp) / "kiosk")
                _pages(chromium, backoffice.url, ids)
            finally:
                backoffice.stop()
                server.stop()
    finally:
        cluster.stop()
    return 0


def _pages(chromium: str, base: str, ids: list[str]) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox"] if os.geteuid() == 0 else []
        )
        for width, height, suffix in ((1366, 768, ""), (1920, 1080, "-1080p")):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(base + "/backoffice/login")
            _shoot(page, f"01-masuk-signin{suffix}")
            page.fill("input[name=username]", "siti")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_selector("nav.queues")
            _shoot(page, f"02-antrean-queue{suffix}")
            page.goto(base + f"/backoffice/applications/{ids[0]}")
            page.click("button.doc[data-code=kk]")
            page.wait_for_function("() => document.getElementById('document-image')?.complete")
            _shoot(page, f"03-periksa-review{suffix}")
            if not suffix:
                page.click("[data-zoom='1.25']")
                page.click("[data-rotate]")
                _shoot(page, "04-dokumen-diputar-rotated")
                page.check("input[name=reason][value=kk-buram]")
                page.click("#reject")
                page.wait_for_selector("#status")
                _shoot(page, "05-ditolak-rejected")
                page.goto(base + "/backoffice/?queue=correction")
                _shoot(page, "06-menunggu-perbaikan-correction")
                page.goto(base + "/backoffice/applications/00000000-0000-0000-0000-000000000000")
                _shoot(page, "07-tidak-ada-not-found")
            page.close()
        browser.close()


if __name__ == "__main__":
    raise SystemExit(main())
