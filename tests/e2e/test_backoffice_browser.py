"""The loop the kiosk exists for, in a real browser: submit -> verify -> verdict -> correction.

Real `kiosk-server serve`, `kiosk-server backoffice` (its sealing key encrypted, the passphrase
from a file) and `kiosk sync` processes on PostgreSQL; Debian's Chromium driven by Playwright.
A kiosk syncs 3 applications; a verifier signs in, opens one, views the KK, rejects it with a
reason tied to the KK photo; the kiosk shows the rejection and what to fix after its next sync;
the correction arrives as version 2 and the verifier approves it. The citizen consented to
email and WhatsApp at the kiosk: the rejection reaches a real SMTP server (aiosmtpd) once and a
WhatsApp gateway stub once, although the stub fails its first two calls.

The verifier's part (sign in, queue, open, view, reject with a reason) also runs in Debian's
firefox-esr, over WebDriver BiDi (tests/e2e/firefox_bidi.py).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from kiosk.applications.intake import Applicant, AttachmentInput, NewApplication
from kiosk.contract import fix_targets
from kiosk.local_store import Store
from tests.helpers.applications import ADDRESS, make_nik, real_jpeg
from tests.helpers.message_stubs import GatewayStub, Mailbox, smtp_server, whatsapp_stub
from tests.helpers.postgres import PostgresCluster
from tests.helpers.processes import BackofficeProcess, ServerProcess, kiosk

from .firefox_bidi import launched_firefox

OFFICE = "31.71.01"
PASSWORD = "sandi-verifikator-1"
PASSPHRASE = "frasa sandi kunci segel"

pytestmark = pytest.mark.postgres


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Debian's chromium is missing: run scripts/setup.sh (it installs it)"
    return found


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=["--no-sandbox"] if os.geteuid() == 0 else [],
        )
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class District:
    server: ServerProcess
    backoffice: BackofficeProcess
    mailbox: Mailbox
    gateway: GatewayStub


@pytest.fixture
def district(postgres_cluster: PostgresCluster, tmp_path: Path) -> Iterator[District]:
    server = ServerProcess(
        tmp_path / "server", postgres_cluster.url(postgres_cluster.create_database())
    )
    server.cli("keys", "create", "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    secret = tmp_path / "passphrase"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    secret.chmod(0o600)
    server.cli(
        "user", "add", "siti", "--name", "Siti Verifikator", "--role", "verifikator",
        "--office", OFFICE, "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    server.cli(
        "user", "add", "admin1", "--name", "Admin Kabupaten", "--role", "admin",
        "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    token = tmp_path / "whatsapp-token"
    token.write_text("token-gateway\n", encoding="utf-8")
    server.start()
    with smtp_server() as (smtp_port, mailbox), whatsapp_stub(fail_first=2) as gateway:
        channels = (
            "--smtp-host", "127.0.0.1", "--smtp-port", str(smtp_port),
            "--smtp-from", "disdukcapil@example.org",
            "--whatsapp-url", gateway.url, "--whatsapp-token-file", str(token),
            "--outbox-poll-seconds", "0.3", "--outbox-backoff-seconds", "0.3",
        )  # fmt: skip
        backoffice = BackofficeProcess(server, secret, channels)
        try:
            backoffice.start()
            yield District(server, backoffice, mailbox, gateway)
        finally:
            backoffice.stop()
            server.stop()


def applicant(serial: int, name: str = "SITI AMINAH") -> Applicant:
    """As the wizard fills it in when the citizen agrees to hear back on WhatsApp and email."""
    return Applicant(
        make_nik(serial, female=True),
        "3171010101100002",
        name,
        date(1990, 8, 17),
        "P",
        "081234567890",
        extra={"kontak_izin": "whatsapp,email", "kontak_email": "siti@example.org"},
        address=dict(ADDRESS),
    )


def submit(data_dir: Path, new: NewApplication) -> str:
    store = Store.open(data_dir)
    try:
        return store.submission.submit(new).id
    finally:
        store.close()


def sync(data_dir: Path) -> None:
    done = kiosk("sync", "--once", "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr


def sign_in(page: Page, base: str, username: str = "siti") -> None:
    page.goto(base + "/backoffice/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("nav.queues")).to_be_visible()


def test_reject_on_the_kk_photo_correct_and_approve_in_chromium(
    district: District, browser: Browser, tmp_path: Path
) -> None:
    server, backoffice = district.server, district.backoffice
    data_dir = tmp_path / "kiosk"
    code = server.enrollment_code(OFFICE)
    enrolled = kiosk("enroll", "--data-dir", str(data_dir), "--server", server.url, "--code", code)
    assert enrolled.returncode == 0, enrolled.stderr
    ids = [
        submit(
            data_dir,
            NewApplication(
                service="ktp-el-hilang",
                applicant=applicant(i),
                attachments=[
                    AttachmentInput("kk", real_jpeg(i)),
                    AttachmentInput("surat-kehilangan", real_jpeg(100 + i)),
                ],
                operator="petugas1",
            ),
        )
        for i in range(3)
    ]
    sync(data_dir)

    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in(page, backoffice.url)
    expect(page.locator("a[data-queue=new] .count")).to_have_text("3")
    target = ids[0]
    page.click(f"a[href='/backoffice/applications/{target}']")
    expect(page.locator("dd[data-field=name]")).to_have_text("SITI AMINAH")
    page.click("#take")
    expect(page.locator("#holder")).to_have_text("siti")
    page.click("button.doc[data-code=kk]")
    image = page.locator("#document-image")
    expect(image).to_be_visible()
    page.wait_for_function(
        "() => { const i = document.getElementById('document-image');"
        " return i && i.complete && i.naturalWidth === 320; }"
    )
    page.click("[data-rotate]")
    assert "rotate(90deg)" in (image.get_attribute("style") or "")
    page.check("input[name=reason][value=kk-buram]")
    page.fill("#note", "Lipatan menutupi nomor KK")
    page.click("#reject")
    expect(page.locator("#status")).to_have_attribute("data-status", "rejected")

    sync(data_dir)
    store = Store.open(data_dir)
    try:
        [summary] = store.records.find_by_id(target)
        assert summary.status == "rejected"
        last = store.records.history(target, 1)[-1]
        assert last["reason"] == "Foto KK buram"
        assert fix_targets(last["fix_hint"]) == ["document:kk"]  # what "Perbaiki" reopens
        assert "Lipatan menutupi nomor KK" in last["fix_hint"]
    finally:
        store.close()

    corrected = submit(
        data_dir,
        NewApplication(
            service="ktp-el-hilang",
            applicant=applicant(0, name="SITI AMINAH PUTRI"),
            attachments=[
                AttachmentInput("kk", real_jpeg(900)),
                AttachmentInput("surat-kehilangan", real_jpeg(100)),
            ],
            operator="petugas1",
            revision_of=(target, 1),
        ),
    )
    assert corrected == target
    sync(data_dir)

    page.goto(backoffice.url + f"/backoffice/applications/{target}")
    expect(page.locator("h1 .badge")).to_have_text("v2")
    expect(page.locator("table.diff td.new")).to_have_text("SITI AMINAH PUTRI")
    page.keyboard.press("a")  # the approve shortcut opens the confirmation, Esc cancels
    expect(page.locator("#approve-confirm")).to_be_visible()
    expect(page.locator("#approve-confirm")).to_contain_text(
        page.locator("h1").inner_text().split()[0]
    )
    page.keyboard.press("Escape")
    expect(page.locator("#approve-confirm")).to_be_hidden()
    # The focus leaves the closed dialog at once (to the approve button), so the next key is a
    # shortcut again even before the browser's own focus fix-up has run.
    expect(page.locator("#approve")).to_be_focused()
    expect(page.locator("#status")).to_have_attribute("data-status", "received")
    page.keyboard.press("a")
    page.keyboard.press("Enter")  # not ticked yet: the browser refuses, nothing is approved
    expect(page.locator("#approve-confirm")).to_be_visible()
    expect(page.locator("#status")).to_have_attribute("data-status", "received")
    page.keyboard.press(" ")  # the "I have checked" box has the focus: Space ticks it
    expect(page.locator("#approve-checked")).to_be_checked()
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_have_attribute("data-status", "verified")

    sync(data_dir)
    store = Store.open(data_dir)
    try:
        statuses = {s.version: s.status for s in store.records.find_by_id(target)}
        assert statuses[2] == "verified"
    finally:
        store.close()
    # The rejection's messages: one email, one WhatsApp request answered 200 (after two 500s).
    page.goto(backoffice.url + f"/backoffice/applications/{target}")
    expect(page.locator("#messages tr[data-channel=whatsapp] .state")).to_have_text("sent")
    expect(page.locator("#messages tr[data-channel=email] .state")).to_have_text("sent")
    assert len(district.mailbox.messages) == 1
    assert district.mailbox.messages[0]["To"] == "siti@example.org"
    assert [r["answered"] for r in district.gateway.requests] == [500, 500, 200]
    assert district.gateway.delivered()[0]["body"]["to"] == "+6281234567890"  # as normalised
    # An admin issues an enrollment code for a new counter laptop, in the browser.
    page.context.clear_cookies()
    sign_in(page, backoffice.url, "admin1")
    page.click("#admin-link")
    page.fill("form.enrollment-code input[name=office]", OFFICE)
    page.fill("form.enrollment-code input[name=admin_password]", PASSWORD)
    page.click("form.enrollment-code button[type=submit]")
    expect(page.locator("#new-code .code")).to_have_text(re.compile(r"^\S{8,}$"))
    audit = server.cli("audit", "verify", "--json")
    assert '"ok": true' in audit.stdout


def test_open_view_and_reject_with_a_reason_in_firefox(district: District, tmp_path: Path) -> None:
    """The verifier's part of the loop in Debian's firefox-esr: sign in, the queue, keyboard
    to open, the KK in the viewer, reject on the KK photo with a note."""
    server, backoffice = district.server, district.backoffice
    data_dir = tmp_path / "kiosk"
    code = server.enrollment_code(OFFICE)
    enrolled = kiosk("enroll", "--data-dir", str(data_dir), "--server", server.url, "--code", code)
    assert enrolled.returncode == 0, enrolled.stderr
    for i in range(2):
        submit(
            data_dir,
            NewApplication(
                service="ktp-el-hilang",
                applicant=applicant(i),
                attachments=[
                    AttachmentInput("kk", real_jpeg(i)),
                    AttachmentInput("surat-kehilangan", real_jpeg(100 + i)),
                ],
                operator="petugas1",
            ),
        )
    sync(data_dir)

    with launched_firefox() as firefox:
        page = firefox.new_page(1366, 768)
        page.goto(backoffice.url + "/backoffice/login")
        page.fill("input[name=username]", "siti")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        assert page.text("a[data-queue=new] .count") == "2"
        first = page.evaluate("document.querySelector('tr[data-href]').dataset.href")
        page.evaluate("document.activeElement.blur()")  # no field has the keyboard
        page.type("j")  # the first row...
        assert page.evaluate("document.activeElement.classList.contains('open')")
        page.press("Enter")  # ...opened from the keyboard
        page.wait_for(f"location.pathname === {first!r} && document.readyState === 'complete'")
        assert page.text("dd[data-field=name]") == "SITI AMINAH"
        page.click("button.doc[data-code=kk]")
        page.wait_for(
            "(() => { const i = document.getElementById('document-image');"
            " return i && i.complete && i.naturalWidth === 320; })()"
        )
        page.click("input[name=reason][value=kk-buram]")
        page.fill("#note", "Lipatan menutupi nomor KK")
        page.click("#reject")
        page.wait_for("document.getElementById('status')?.dataset.status === 'rejected'")
        assert "Lipatan menutupi nomor KK" in page.text("p.rejection")
        page.screenshot(tmp_path / "firefox-rejected.png")
    audit = server.cli("audit", "verify", "--json")
    assert '"ok": true' in audit.stdout
