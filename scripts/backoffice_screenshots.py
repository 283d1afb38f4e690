"""Screenshots of every back-office page (docs/screenshots/bo-*.png), 1366x768 and 1920x1080.

Run by scripts/backoffice-screenshots. Demo data: a kiosk with 10 applications synced to a real
`kiosk-server serve`; the pages come from a real `kiosk-server backoffice` in Chromium, with a
real SMTP server and a WhatsApp gateway stub (it fails its first call, so the delivery status
shows a retry). Each size works through its own applications: sign-in, queue, review with the
viewer, rejection and the messages it sends, the correction queue, processing to ready for
pickup, bulk approval with the password prompt, dashboard, not found, and the admin's users,
offices (with a new enrollment code) and devices, and the upload of a field laptop's USB bundle.
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

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

from kiosk.applications.intake import Applicant, AttachmentInput, NewApplication  # noqa: E402
from kiosk.local_store import Store  # noqa: E402
from resources.demo import media  # noqa: E402
from tests.helpers.applications import make_nik  # noqa: E402
from tests.helpers.message_stubs import smtp_server, whatsapp_stub  # noqa: E402
from tests.helpers.postgres import find_bin_dir, start_cluster  # noqa: E402
from tests.helpers.processes import BackofficeProcess, ServerProcess, kiosk  # noqa: E402
from ui.demo import DEMO_ADDRESS  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
OFFICE = "31.71.01"
PASSWORD = "demo-verifikator"
NAMES = [
    "SITI AMINAH", "BUDI SANTOSO", "NI LUH PUTU AYU", "AGUS SALIM", "DEWI LESTARI",
    "YOHANES", "RATNA SARI", "I KETUT WIRAWAN", "MARIA GORETTI", "AHMAD FAUZI",
]  # fmt: skip
SIZES = ((1366, 768, ""), (1920, 1080, "-1080p"))
PER_SIZE = 4  # applications each size decides on: reject, approve to pickup, bulk approve two


def _photo(seed: int, kind: str) -> bytes:
    import cv2

    ok, data = cv2.imencode(".jpg", media.document_photo(seed, kind).image)
    assert ok
    return bytes(data.tobytes())


def _populate(server: ServerProcess, data_dir: Path, names: list[str] = NAMES) -> list[str]:
    code = server.enrollment_code(OFFICE)
    kiosk("enroll", "--data-dir", str(data_dir), "--server", server.url, "--code", code)
    store = Store.open(data_dir)
    ids = []
    try:
        for i, name in enumerate(names):
            applicant = Applicant(
                make_nik(i, female=i % 2 == 0), "3171010101100002", name, date(1990, 8, 17),
                "P" if i % 2 == 0 else "L", "081234567890",
                extra={"kontak_izin": "whatsapp,email", "kontak_email": "warga@example.org"},
                address=dict(DEMO_ADDRESS),
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
    if names is NAMES:
        kiosk("sync", "--once", "--data-dir", str(data_dir))
    return ids


def _field_bundle(server: ServerProcess, tmp: Path) -> Path:
    """A jemput bola laptop's sealed bundle of 3 applications that never synced."""
    _populate(server, tmp / "laptop", ["KOMANG ARTAWAN", "NYOMAN SUKERTI", "PUTU GEDE"])
    out = tmp / "minggu-1.bundle"
    done = kiosk("bundle", "export", "--data-dir", str(tmp / "laptop"), "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


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
            for username, name, role in (
                ("siti", "Siti Rahayu", "supervisor"),
                ("admin1", "Wayan Admin", "admin"),
            ):
                server.cli(
                    "user", "add", username, "--name", name, "--role", role,
                    "--password-stdin", stdin=PASSWORD + "\n",
                )  # fmt: skip
            server.cli(
                "user", "add", "dewi", "--name", "Dewi Verifikator", "--role", "verifikator",
                "--office", OFFICE, "--password-stdin", stdin=PASSWORD + "\n",
            )  # fmt: skip
            token = Path(tmp) / "whatsapp-token"
            token.write_text("token-demo\n", encoding="utf-8")
            server.start()
            with smtp_server() as (smtp_port, _mailbox), whatsapp_stub(fail_first=1) as gateway:
                channels = (
                    "--smtp-host", "127.0.0.1", "--smtp-port", str(smtp_port),
                    "--smtp-from", "disdukcapil@example.org",
                    "--whatsapp-url", gateway.url, "--whatsapp-token-file", str(token),
                    "--outbox-poll-seconds", "0.3", "--outbox-backoff-seconds", "0.3",
                )  # fmt: skip
                backoffice = BackofficeProcess(server, None, channels)
                backoffice.start()
                try:
                    ids = _populate(server, Path(tmp) / "kiosk")
                    bundle = _field_bundle(server, Path(tmp))
                    _pages(chromium, backoffice.url, ids, bundle)
                finally:
                    backoffice.stop()
                    server.stop()
    finally:
        cluster.stop()
    return 0


def _pages(chromium: str, base: str, ids: list[str], bundle: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox"] if os.geteuid() == 0 else []
        )
        for n, (width, height, suffix) in enumerate(SIZES):
            mine = ids[n * PER_SIZE : (n + 1) * PER_SIZE]
            _verifier_pages(browser, width, height, suffix, base, mine)
            _admin_pages(browser, width, height, suffix, base, bundle)
        browser.close()


def _sign_in(browser: Browser, width: int, height: int, base: str, username: str) -> Page:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(base + "/backoffice/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("header.top .who")
    return page


def _verifier_pages(
    browser: Browser, width: int, height: int, suffix: str, base: str, mine: list[str]
) -> None:
    rejected, approved, *bulk = mine
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(base + "/backoffice/login")
    _shoot(page, f"01-masuk-signin{suffix}")
    page.close()
    page = _sign_in(browser, width, height, base, "siti")
    _shoot(page, f"02-antrean-queue{suffix}")
    page.goto(base + f"/backoffice/applications/{rejected}")
    page.click("#take")
    page.wait_for_selector("#release")
    page.click("button.doc[data-code=kk]")
    page.wait_for_function("() => document.getElementById('document-image')?.complete")
    _shoot(page, f"03-periksa-review{suffix}")
    page.click("[data-zoom='1.25']")
    page.click("[data-rotate]")
    _shoot(page, f"04-dokumen-diputar-rotated{suffix}")
    page.check("input[name=reason][value=kk-buram]")
    page.fill("#note", "Lipatan menutupi nomor KK; mohon foto ulang KK asli")
    page.click("#reject")
    page.wait_for_selector("p.rejection")
    _shoot(page, f"05-ditolak-rejected{suffix}")
    for _ in range(100):  # the outbox sends within seconds (the gateway fails its first call)
        page.reload()
        states = page.locator("#messages .state").all_inner_texts()
        if len(states) == 2 and set(states) == {"sent"}:
            break
        page.wait_for_timeout(300)
    page.locator("#messages").scroll_into_view_if_needed()
    _shoot(page, f"06-status-pesan-delivery{suffix}")
    page.goto(base + "/backoffice/?queue=correction")
    _shoot(page, f"07-menunggu-perbaikan-correction{suffix}")

    page.goto(base + f"/backoffice/applications/{approved}")
    page.click("#approve")
    page.check("#approve-checked")
    _shoot(page, f"18-setujui-konfirmasi-approve-confirm{suffix}")
    page.click("#approve-yes")
    page.wait_for_selector("#processing")
    page.click("#processing")
    page.wait_for_selector("input[name=place]")
    page.fill("input[name=place]", "Loket 2 Kantor Kecamatan Gambir")
    _shoot(page, f"08-proses-processing{suffix}")
    page.click("#ready")
    page.wait_for_selector("#collected")
    _shoot(page, f"09-siap-diambil-ready{suffix}")

    page.goto(base + "/backoffice/?queue=new")
    for app_id in bulk:
        page.check(f"input[name=application_id][value='{app_id}']")
    page.fill("#bulk input[name=password]", PASSWORD)
    page.locator("fieldset.bulk").scroll_into_view_if_needed()
    _shoot(page, f"10-setujui-massal-bulk{suffix}")
    page.click("fieldset.bulk button[type=submit]")
    page.wait_for_selector("p.notice")
    _shoot(page, f"11-setujui-massal-selesai-bulk-done{suffix}")
    page.goto(base + "/backoffice/dashboard")
    _shoot(page, f"12-ringkasan-dashboard{suffix}")
    page.goto(base + "/backoffice/applications/00000000-0000-0000-0000-000000000000")
    _shoot(page, f"13-tidak-ada-not-found{suffix}")
    page.close()


def _admin_pages(
    browser: Browser, width: int, height: int, suffix: str, base: str, bundle: Path
) -> None:
    page = _sign_in(browser, width, height, base, "admin1")
    page.click("#admin-link")
    page.wait_for_selector("#users")
    page.click("tr[data-user=dewi] summary")
    _shoot(page, f"14-pengguna-users{suffix}")
    page.fill("form.enrollment-code input[name=office]", OFFICE)
    page.fill("form.enrollment-code input[name=admin_password]", PASSWORD)
    page.click("form.enrollment-code button[type=submit]")
    page.wait_for_selector("#new-code")
    _shoot(page, f"15-kode-pendaftaran-enrollment-code{suffix}")
    page.locator("#offices").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('offices').scrollIntoView()")
    _shoot(page, f"16-kantor-perangkat-offices-devices{suffix}")
    page.click("#bundles-link")
    page.set_input_files("input[name=bundle]", str(bundle))
    page.click("form.bundle-upload button[type=submit]")
    page.wait_for_selector("#bundle-result")  # 1080p: the same bundle again, all present
    _shoot(page, f"17-bundel-usb-bundle-upload{suffix}")
    page.close()


if __name__ == "__main__":
    raise SystemExit(main())
