"""The queue as a verifier sees it on a 1366x768 office monitor, in Debian's Chromium.

Real `kiosk-server serve` and `kiosk-server backoffice` processes on PostgreSQL; a real kiosk
enrolls and syncs two applications, and a verifier with the longest username the rules allow
holds one. Checked in the browser's layout: the table stays within the screen, its columns
keep their widths, and the long holder is cut with an ellipsis, in full in the cell's title.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from kiosk.applications.intake import Applicant, AttachmentInput, NewApplication
from kiosk.local_store import Store
from tests.helpers.applications import ADDRESS, make_nik, real_jpeg
from tests.helpers.postgres import PostgresCluster
from tests.helpers.processes import district, enroll, sync_kiosk

from .test_backoffice_browser import chromium_path

OFFICE = "31.71.01"
PASSWORD = "sandi-verifikator-1"
LONG_USERNAME = "verifikator.kecamatan-gambir01"

pytestmark = pytest.mark.postgres


@pytest.fixture
def queue_page(postgres_cluster: PostgresCluster, tmp_path: Path) -> Iterator[Page]:
    database = postgres_cluster.url(postgres_cluster.create_database())
    staff = [(LONG_USERNAME, "Verifikator Kecamatan Gambir", "verifikator")]
    with district(tmp_path / "server", database, OFFICE, PASSWORD, staff) as (server, backoffice):
        data_dir = tmp_path / "kiosk"
        enroll(server, data_dir, OFFICE)
        store = Store.open(data_dir)
        try:
            ids = [
                store.submission.submit(
                    NewApplication(
                        service="ktp-el-hilang",
                        applicant=Applicant(
                            make_nik(i, female=True),
                            "3171010101100002",
                            "SITI AMINAH",
                            date(1990, 8, 17),
                            "P",
                            "081234567890",
                            address=dict(ADDRESS),
                        ),  # fmt: skip
                        attachments=[
                            AttachmentInput("kk", real_jpeg(i)),
                            AttachmentInput("surat-kehilangan", real_jpeg(100 + i)),
                        ],
                        operator="petugas1",
                    )
                ).id
                for i in range(2)
            ]
        finally:
            store.close()
        sync_kiosk(data_dir)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(),
                args=["--no-sandbox"] if os.geteuid() == 0 else [],
            )
            try:
                page = browser.new_page(viewport={"width": 1366, "height": 768})
                page.goto(backoffice.url + f"/backoffice/applications/{ids[0]}")
                page.fill("input[name=username]", LONG_USERNAME)
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.click("#take")
                page.wait_for_selector("#release")
                page.goto(backoffice.url + "/backoffice/?queue=all")
                yield page
            finally:
                browser.close()


CELLS = """Array.from(document.querySelectorAll('table.queue tbody td')).map(c => ({
  title: c.title, text: c.textContent.trim(), cut: c.scrollWidth > c.clientWidth,
  ellipsis: getComputedStyle(c).textOverflow === 'ellipsis'}))"""


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1024, 768)])
def test_long_values_are_cut_and_the_columns_stay_on_screen(
    queue_page: Page, width: int, height: int
) -> None:
    page = queue_page
    page.set_viewport_size({"width": width, "height": height})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    table = page.locator("table.queue").bounding_box()
    assert table is not None
    assert table["x"] + table["width"] <= width
    # Every row's cells line up under the same column edges, whatever their text.
    edges = page.evaluate(
        "Array.from(document.querySelectorAll('table.queue tr')).map("
        " r => Array.from(r.cells).map(c => Math.round(c.getBoundingClientRect().left)))"
    )
    assert len(edges) == 3, edges  # the head and two rows
    assert all(row == edges[0] for row in edges), edges
    cells = page.evaluate(CELLS)
    for cell in cells:  # a cell too narrow for its text cuts it and has it whole in its title
        assert cell["ellipsis"], cell
        if cell["cut"]:
            assert cell["text"].split(" ")[0] in cell["title"], cell
    holder = next(c for c in cells if c["text"] == LONG_USERNAME)
    assert holder["title"] == LONG_USERNAME
    if width <= 1024:
        assert holder["cut"], holder  # too long for its column here: cut, not pushing others
    service = page.locator("table.queue tbody td[data-service]").first
    assert (service.get_attribute("title") or "").startswith("KTP-el hilang / Lost KTP-el")
