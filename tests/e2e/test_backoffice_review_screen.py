"""The review page as a verifier sees it on an office monitor, in Debian's Chromium.

Real `kiosk-server serve` and `kiosk-server backoffice` processes on PostgreSQL; a real kiosk
enrolls and syncs one application with a photo-sized KK (1200x900). Checked in the browser's
layout, not in the HTML: at 1366x768, 1024x768 and a 1366x768 laptop at 125 % the document and
the decision are on the screen together without scrolling; a zoomed document can be scrolled to
every edge (its top, where the KK number is, too).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from kiosk.applications.intake import Applicant, AttachmentInput, NewApplication
from kiosk.local_store import Store
from tests.helpers.applications import ADDRESS, make_nik, real_jpeg
from tests.helpers.postgres import PostgresCluster
from tests.helpers.processes import district, enroll, sync_kiosk

from .test_backoffice_browser import chromium_path

OFFICE = "31.71.01"
PASSWORD = "sandi-verifikator-1"

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def review_url(
    postgres_cluster: PostgresCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("review-screen")
    database = postgres_cluster.url(postgres_cluster.create_database())
    staff = [("siti", "Siti Verifikator", "verifikator")]
    with district(tmp / "server", database, OFFICE, PASSWORD, staff) as (server, backoffice):
        data_dir = tmp / "kiosk"
        enroll(server, data_dir, OFFICE)
        store = Store.open(data_dir)
        try:
            applicant = Applicant(
                make_nik(1, female=True), "3171010101100002", "SITI AMINAH", date(1990, 8, 17),
                "P", "081234567890", address=dict(ADDRESS),
            )  # fmt: skip
            new = NewApplication(
                service="ktp-el-hilang",
                applicant=applicant,
                attachments=[
                    AttachmentInput("kk", real_jpeg(1, (900, 1200))),
                    AttachmentInput("surat-kehilangan", real_jpeg(2, (1200, 900))),
                ],
                operator="petugas1",
            )
            app_id = store.submission.submit(new).id
        finally:
            store.close()
        sync_kiosk(data_dir)
        yield f"{backoffice.url}/backoffice/applications/{app_id}"


@pytest.fixture(scope="module")
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


def open_review(browser: Browser, url: str, width: int, height: int, scale: float = 1) -> Page:
    page = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale
    ).new_page()
    page.goto(url)
    page.fill("input[name=username]", "siti")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url)
    page.click("button.doc[data-code=kk]")
    page.wait_for_function(
        "() => { const i = document.getElementById('document-image');"
        " return i && i.complete && i.naturalWidth === 1200; }"
    )
    return page


def box(page: Page, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return {key: found[key] for key in ("x", "y", "width", "height")}


@pytest.mark.parametrize(
    ("width", "height", "scale"), [(1366, 768, 1), (1024, 768, 1), (1093, 614, 1.25)]
)
def test_the_document_and_the_decision_are_on_screen_together(
    browser: Browser, review_url: str, width: int, height: int, scale: float
) -> None:
    page = open_review(browser, review_url, width, height, scale)
    assert page.evaluate("window.scrollY") == 0
    image, approve = box(page, "#document-image"), box(page, "#approve")
    # At least half of the document and the whole approve button, with no scrolling; on a
    # monitor at 100 % the first rejection reason too (R reaches it anyway).
    assert image["y"] + image["height"] / 2 <= height, (image, height)
    assert approve["y"] + approve["height"] <= height, (approve, height)
    if scale == 1:
        first_reason = box(page, "#reject-form input[name=reason]")
        assert first_reason["y"] + first_reason["height"] <= height, (first_reason, height)
    page.context.close()


def test_a_zoomed_document_scrolls_to_every_edge(browser: Browser, review_url: str) -> None:
    page = open_review(browser, review_url, 1366, 768)
    for _ in range(4):
        page.click("[data-zoom='1.25']")
    page.wait_for_timeout(300)  # the zoom's transition
    viewer = page.locator("#viewer")
    assert viewer.evaluate("v => v.scrollHeight > v.clientHeight && v.scrollWidth > v.clientWidth")
    viewer.evaluate("v => v.scrollTo(0, 0)")
    frame, image = box(page, "#viewer"), box(page, "#document-image")
    assert image["y"] >= frame["y"] - 1, (image, frame)  # the top (the KK number) is reachable
    assert image["x"] >= frame["x"] - 1, (image, frame)
    viewer.evaluate("v => v.scrollTo(v.scrollWidth, v.scrollHeight)")
    image = box(page, "#document-image")
    assert image["y"] + image["height"] <= frame["y"] + frame["height"] + 1
    assert image["x"] + image["width"] <= frame["x"] + frame["width"] + 1
    page.click("[data-reset]")
    page.wait_for_timeout(300)
    assert viewer.evaluate("v => v.scrollHeight <= v.clientHeight + 1")  # fits again
    page.context.close()


def test_escape_leaves_the_reasons_so_the_shortcuts_work_again(
    browser: Browser, review_url: str
) -> None:
    page = open_review(browser, review_url, 1366, 768)
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.name") == "reason"
    page.keyboard.press("n")  # typed into the checkbox: ignored, the page stays
    assert page.url == review_url
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement === document.body")
    page.keyboard.press("n")
    page.wait_for_url("**/backoffice/")
    page.context.close()
