"""The back office in-process: sign-in, queues, review, decisions, scoping and CSRF.

Every test runs on SQLite and on a real PostgreSQL (the `database_url` fixture).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from server.dashboard import dashboard
from server.feed import list_changes
from server.models import StaffSession
from server.staff import StaffMember, disable_user, get_member

from .backoffice_helpers import PASSWORD, Backoffice, csrf_of, make_backoffice, submit_many
from .builders import NIK, OFFICE, OTHER_OFFICE, Kiosk
from .conftest import Harness
from .test_sealed_applications import count


@pytest.fixture
def bo(server: Harness) -> Iterator[Backoffice]:
    yield from make_backoffice(server)


def get_member_of(bo: Backoffice, username: str) -> StaffMember:
    with bo.intake.database.read() as session:
        member = get_member(session, username)
    assert member is not None
    return member


def queue_count(html: str, queue: str) -> int:
    found = re.search(rf'data-queue="{queue}">.*?<span class="count">(\d+)</span>', html, re.S)
    assert found, queue
    return int(found.group(1))


def _audit_actions(bo: Backoffice, operator: str) -> list[str]:
    with bo.intake.database.engine.connect() as connection:
        return list(
            connection.execute(
                sa.text("SELECT action FROM audit_events WHERE operator_id = :o ORDER BY seq"),
                {"o": operator},
            ).scalars()
        )


def test_the_login_page_has_the_fixed_fields(bo: Backoffice) -> None:
    page = bo.client.get("/backoffice/login")
    assert page.status_code == 200
    for name in ('name="username"', 'name="password"', 'type="hidden" name="csrf_token"'):
        assert name in page.text
    assert "Masuk" in page.text
    assert "Sign in" in page.text


def test_signing_in_sets_a_strict_httponly_cookie_and_shows_the_queue(
    bo: Backoffice, kiosk: Kiosk
) -> None:
    bo.add_user("siti")
    bo.submit_sealed(kiosk, "5108-0001")
    answer = bo.sign_in("siti")
    assert answer.status_code == 303
    cookie = answer.headers["set-cookie"]
    assert "bo_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    queue = bo.client.get("/backoffice/")
    assert queue.status_code == 200
    assert "5108-0001" in queue.text
    assert queue.headers["cache-control"] == "no-store"
    assert _audit_actions(bo, "bo:siti") == ["staff_signed_in"]


def test_a_wrong_password_is_refused_and_five_lock_the_account(bo: Backoffice) -> None:
    bo.add_user("siti")
    for _ in range(5):
        assert bo.sign_in("siti", "salah-salah-salah").status_code == 401
    locked = bo.sign_in("siti")  # the right password, but locked now
    assert locked.status_code == 401
    assert "dikunci" in locked.text
    assert bo.client.get("/backoffice/", follow_redirects=False).status_code == 303


def test_signed_out_requests_get_no_data(bo: Backoffice, kiosk: Kiosk) -> None:
    app = bo.submit_sealed(kiosk, "5108-0002")
    bo.client.cookies.clear()
    for url in (
        "/backoffice/",
        f"/backoffice/applications/{app.application_id}",
        f"/backoffice/applications/{app.application_id}/v/1/documents/kk",
        "/backoffice/no-such-page",
    ):
        answer = bo.client.get(url, follow_redirects=False)
        assert answer.status_code == 303, url
        # The sign-in page, carrying only the address asked for (to come back to it).
        assert answer.headers["location"].split("?next=")[0] == "/backoffice/login"
        assert "5108-0002" not in answer.text
    posted = bo.client.post(f"/backoffice/applications/{app.application_id}/decision", data={})
    assert posted.status_code == 401
    assert "5108-0002" not in posted.text
    assert count(bo.intake, "application_viewed") == 0


def test_review_shows_fields_and_documents_and_audits_each(bo: Backoffice, kiosk: Kiosk) -> None:
    url = bo.reviewing(kiosk, "5108-0003", plain={"kk": b"\xff\xd8kk-bytes", "ktp-el": b"ktp"})
    page = bo.client.get(url)
    assert page.status_code == 200
    assert NIK in page.text
    assert "Ni Luh Putu Ayu" in page.text
    assert 'data-code="kk"' in page.text
    image = bo.client.get(f"{url}/v/1/documents/kk")
    assert image.status_code == 200
    assert image.content == b"\xff\xd8kk-bytes"
    assert image.headers["content-type"] == "image/jpeg"
    assert image.headers["cache-control"] == "no-store"
    actions = _audit_actions(bo, "bo:siti")
    assert "application_viewed" in actions
    assert "attachment_opened" in actions


def test_review_shows_the_kiosks_quality_findings_beside_each_document(
    bo: Backoffice, kiosk: Kiosk
) -> None:
    """Issue 12: failed checks, the override's reason and its approver, from the sealed data."""
    reason = "KK asli memang pudar, sudah dicek petugas"
    quality = {
        "kk": {
            "failed_checks": ["blurry", "glare"],
            "override_reason": reason,
            "approved_by": "supervisor1",
        },
        "ktp-el": {"failed_checks": "not a list", "override_reason": 5},  # malformed: dropped
    }
    url = bo.reviewing(kiosk, "5108-0004", quality=quality)
    page = bo.client.get(url)
    assert page.status_code == 200
    found = re.search(r'data-quality="kk">(.*?)</div>', page.text, re.S)
    assert found, page.text
    for text in ("Gagal pemeriksaan mutu", "buram", "pantulan cahaya", reason, "supervisor1"):
        assert text in found.group(1)
    assert 'data-quality="ktp-el"' not in page.text
    # The document itself still opens: findings never stand in the way.
    shown = bo.client.get(f"{url}/v/1/documents/ktp-el")
    assert shown.status_code == 200


def test_an_older_payload_without_findings_shows_none(bo: Backoffice, kiosk: Kiosk) -> None:
    url = bo.reviewing(kiosk, "5108-0005")
    page = bo.client.get(url)
    assert (page.status_code, "data-quality=" in page.text) == (200, False)
    assert 'data-code="kk"' in page.text


def test_review_shows_how_the_kiosk_set_each_documents_corners(
    bo: Backoffice, kiosk: Kiosk
) -> None:
    """The corner editor's outcome, sealed with the fields, reaches the verifier."""
    points = [[10.0, 12.0], [300.0, 11.0], [302.0, 200.0], [9.0, 201.0]]
    capture = {
        "kk": {"corners": "adjusted", "points": points, "checks": ["glare"]},
        "ktp-el": {"corners": "manual", "points": points, "checks": []},
    }
    url = bo.reviewing(kiosk, "5108-0013", capture=capture)
    page = bo.client.get(url).text
    kk = re.search(r'<li data-document="kk">(.*?)</li>', page, re.S)
    ktp = re.search(r'<li data-document="ktp-el">(.*?)</li>', page, re.S)
    assert kk is not None
    assert ktp is not None
    assert "Sudut digeser petugas" in kk.group(1)
    assert "Sudut dipasang petugas" in ktp.group(1)
    plain = bo.submit_sealed(kiosk, "5108-0014")
    page = bo.client.get(f"/backoffice/applications/{plain.application_id}").text
    assert "Sudut" not in page


def test_a_verifikator_of_another_office_gets_404(bo: Backoffice, server: Harness) -> None:
    other = server.enroll(OTHER_OFFICE, "loket lain")
    app = bo.submit_sealed(other, "5108-0900")
    bo.add_user("siti", offices=(OFFICE,))
    bo.sign_in("siti")
    assert "5108-0900" not in bo.client.get("/backoffice/?queue=all").text
    for url in (
        f"/backoffice/applications/{app.application_id}",
        f"/backoffice/applications/{app.application_id}/v/1/documents/kk",
        f"/backoffice/applications/{uuid.uuid4()}",
    ):
        assert bo.client.get(url).status_code == 404, url
    taken = bo.client.post(
        f"/backoffice/applications/{app.application_id}/take", data={"csrf_token": bo.csrf()}
    )
    assert taken.status_code == 404
    assert count(bo.intake, "application_viewed") == 0


def test_a_post_without_the_csrf_token_is_403_and_changes_nothing(
    bo: Backoffice, kiosk: Kiosk
) -> None:
    url = bo.reviewing(kiosk, "5108-0004")
    before = bo.intake.snapshot()
    for data in ({"action": "approve"}, {"action": "approve", "csrf_token": "forged"}):
        answer = bo.client.post(f"{url}/decision", data=data)
        assert answer.status_code == 403
    assert bo.client.post("/backoffice/login", data={"username": "siti"}).status_code == 403
    after = bo.intake.snapshot()
    assert after == before


def test_a_disabled_users_session_stops_working(bo: Backoffice, kiosk: Kiosk) -> None:
    bo.add_user("siti")
    bo.submit_sealed(kiosk, "5108-0005")
    bo.sign_in("siti")
    assert bo.client.get("/backoffice/").status_code == 200
    disable_user(bo.intake.database, "siti", "test")
    answer = bo.client.get("/backoffice/", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/backoffice/login"
    assert bo.sign_in("siti").status_code == 401


def test_an_idle_session_expires(bo: Backoffice) -> None:
    bo.add_user("siti")
    bo.sign_in("siti")
    with bo.intake.database.write() as session:
        for row in session.scalars(sa.select(StaffSession)):
            row.last_seen_at = row.last_seen_at.replace(year=row.last_seen_at.year - 1)
    assert bo.client.get("/backoffice/", follow_redirects=False).status_code == 303


def test_take_approve_and_the_kiosk_feed_hears_it(bo: Backoffice, kiosk: Kiosk) -> None:
    bo.add_user("siti")
    bo.add_user("budi")
    app = bo.submit_sealed(kiosk, "5108-0006")
    bo.sign_in("siti")
    url = f"/backoffice/applications/{app.application_id}"
    assert queue_count(bo.client.get("/backoffice/").text, "new") == 1
    assert bo.client.post(f"{url}/take", data={"csrf_token": bo.csrf()}).status_code == 200
    mine = bo.client.get("/backoffice/?queue=mine").text
    assert "5108-0006" in mine
    assert queue_count(mine, "mine") == 1  # counted at once, not after the cache expires
    assert queue_count(mine, "new") == 0
    assert "5108-0006" not in bo.client.get("/backoffice/?queue=new").text
    bo.sign_in("budi")  # budi sees who holds it and cannot take it over
    assert "siti" in bo.client.get(url).text
    refused = bo.client.post(f"{url}/take", data={"csrf_token": bo.csrf()})
    assert refused.status_code == 409
    bo.sign_in("siti")
    answer = bo.client.post(
        f"{url}/decision", data={"action": "approve", "confirmed": "yes", "csrf_token": bo.csrf()}
    )
    assert answer.status_code == 200
    assert "verified" in answer.text
    entries = list_changes(bo.intake.database, OFFICE, "", 100).entries
    assert [e.status.value for e in entries][-1] == "verified"
    assert "assignment_taken" in _audit_actions(bo, "bo:siti")
    assert "decision" in _audit_actions(bo, "bo:siti")


def test_a_rejection_names_what_to_fix_and_reaches_the_feed(bo: Backoffice, kiosk: Kiosk) -> None:
    url = bo.reviewing(kiosk, "5108-0007")
    answer = bo.client.post(
        f"{url}/decision",
        data={
            "action": "reject",
            "reason": ["kk-buram"],
            "note": "Lipatan menutupi nomor",
            "csrf_token": bo.csrf(),
        },
    )
    assert answer.status_code == 200
    entry = list_changes(bo.intake.database, OFFICE, "", 100).entries[-1]
    assert entry.status.value == "rejected"
    assert entry.reason == "Foto KK buram"
    assert entry.fix is not None
    assert "dokumen kk" in entry.fix
    assert "Lipatan" in entry.fix
    assert "→ Kartu Keluarga (asli)" in bo.client.get(url).text  # the finding names the KK
    assert "5108-0007" in bo.client.get("/backoffice/?queue=correction").text
    unknown = bo.client.post(
        f"{url}/decision", data={"action": "reject", "reason": ["nope"], "csrf_token": bo.csrf()}
    )
    assert unknown.status_code in (400, 409)


def test_processing_ready_with_place_and_date_then_collected(bo: Backoffice, kiosk: Kiosk) -> None:
    url = bo.reviewing(kiosk, "5108-0008") + "/decision"
    for data in (
        {"action": "approve", "confirmed": "yes"},
        {"action": "processing"},
        {"action": "ready", "place": "Kantor Kecamatan Negara", "pickup_date": "2026-12-10"},
        {"action": "collected"},
    ):
        answer = bo.client.post(url, data={**data, "csrf_token": bo.csrf()})
        assert answer.status_code == 200, (data, answer.text)
    statuses = [e.status.value for e in list_changes(bo.intake.database, OFFICE, "", 100).entries]
    assert statuses[-4:] == ["verified", "processing", "ready", "collected"]
    ready = list_changes(bo.intake.database, OFFICE, "", 100).entries[-2]
    assert ready.fix == "Ambil di Kantor Kecamatan Negara mulai 10/12/2026"  # day first


def test_search_by_number_and_by_nik_after_first_opening(bo: Backoffice, kiosk: Kiosk) -> None:
    bo.add_user("siti")
    first = bo.submit_sealed(kiosk, "5108-0010")
    bo.submit_sealed(kiosk, "5108-0011")
    bo.sign_in("siti")
    found = bo.client.get("/backoffice/?q=5108-0011").text
    assert "5108-0011" in found
    assert "5108-0010" not in found
    assert "5108-0010" not in bo.client.get(f"/backoffice/?q={NIK}").text  # not opened yet
    bo.client.get(f"/backoffice/applications/{first.application_id}")
    assert "5108-0010" in bo.client.get(f"/backoffice/?q={NIK}").text
    assert (
        bo.intake.scalar(f"SELECT count(*) FROM application_nik_digests WHERE nik_digest = '{NIK}'")
        == 0
    )


def test_a_duplicate_open_application_is_warned_about(bo: Backoffice, kiosk: Kiosk) -> None:
    bo.add_user("siti")
    first = bo.submit_sealed(kiosk, "5108-0020")
    second = bo.submit_sealed(kiosk, "5108-0021")
    bo.sign_in("siti")
    bo.client.get(f"/backoffice/applications/{first.application_id}")
    page = bo.client.get(f"/backoffice/applications/{second.application_id}").text
    assert "NIK dan layanan yang sama" in page
    assert "5108-0020" in page


def test_a_supervisor_bulk_approves_only_after_typing_the_password(
    bo: Backoffice, kiosk: Kiosk
) -> None:
    bo.add_user("kepala", role="supervisor", offices=())
    apps = [bo.submit_sealed(kiosk, f"5108-003{i}") for i in range(3)]
    bo.sign_in("kepala")
    ids = [str(a.application_id) for a in apps]
    wrong = bo.client.post(
        "/backoffice/bulk-approve",
        data={"application_id": ids, "password": "bukan-ini", "csrf_token": bo.csrf()},
    )
    assert wrong.status_code == 403
    assert count(bo.intake, "decision") == 0
    right = bo.client.post(
        "/backoffice/bulk-approve",
        data={"application_id": ids, "password": PASSWORD, "csrf_token": bo.csrf()},
    )
    assert right.status_code == 200
    assert "3 disetujui" in right.text
    assert count(bo.intake, "decision") == 3


def test_a_verifikator_cannot_bulk_approve(bo: Backoffice, kiosk: Kiosk) -> None:
    bo.add_user("siti")
    app = bo.submit_sealed(kiosk, "5108-0040")
    bo.sign_in("siti")
    answer = bo.client.post(
        "/backoffice/bulk-approve",
        data={
            "application_id": [str(app.application_id)],
            "password": PASSWORD,
            "csrf_token": bo.csrf(),
        },
    )
    assert answer.status_code == 403
    assert count(bo.intake, "decision") == 0


def test_the_queue_counts_and_pages_fifty_at_a_time(
    bo: Backoffice, server: Harness, kiosk: Kiosk
) -> None:
    bo.add_user("siti")
    submit_many(bo, server, kiosk, 52, "5108-1")
    bo.sign_in("siti")
    first = bo.client.get("/backoffice/?queue=new").text
    assert first.count('class="open"') == 50
    assert "1 / 2" in first
    assert "52" in first
    second = bo.client.get("/backoffice/?queue=new&page=2").text
    assert second.count('class="open"') == 2


def test_a_second_sign_in_page_keeps_the_first_forms_token(bo: Backoffice) -> None:
    """A browser's favicon request is redirected to the sign-in page; the form must still work."""
    bo.add_user("siti")
    first = bo.client.get("/backoffice/login")
    bo.client.get("/favicon.ico")
    answer = bo.client.post(
        "/backoffice/login",
        data={"username": "siti", "password": PASSWORD, "csrf_token": csrf_of(first.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 303


def test_the_dashboard_counts_waiting_decided_and_top_reasons(bo: Backoffice, kiosk: Kiosk) -> None:
    bo.add_user("siti")
    apps = [bo.submit_sealed(kiosk, f"5108-050{i}") for i in range(3)]
    bo.sign_in("siti")
    bo.client.post(
        f"/backoffice/applications/{apps[0].application_id}/decision",
        data={"action": "reject", "reason": ["kk-buram"], "csrf_token": bo.csrf()},
    )
    board = dashboard(bo.intake.database, get_member_of(bo, "siti"))
    [row] = board.rows
    assert (row.office_code, row.received_today, row.received_month, row.waiting) == (
        OFFICE,
        3,
        3,
        2,
    )
    assert row.oldest_waiting is not None
    assert row.median_hours_to_decision is not None
    assert row.median_hours_to_decision < 1
    assert board.top_reasons == [("kk-buram", 1)]
    page = bo.client.get("/backoffice/dashboard")
    assert page.status_code == 200
    assert 'Foto KK buram <span class="en">/ KK photo is blurred</span>: 1' in page.text


def test_the_csv_export_is_the_filtered_list_and_is_audited(bo: Backoffice, kiosk: Kiosk) -> None:
    bo.add_user("siti")
    for i in range(3):
        bo.submit_sealed(kiosk, f"5108-060{i}")
    bo.sign_in("siti")
    answer = bo.client.get("/backoffice/export.csv?queue=new")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    lines = answer.text.strip().splitlines()
    assert lines[0].startswith("nomor,versi,layanan,kantor,status")
    assert sorted(line.split(",")[0] for line in lines[1:]) == [
        "5108-0600",
        "5108-0601",
        "5108-0602",
    ]
    assert NIK not in answer.text
    one = bo.client.get("/backoffice/export.csv?queue=all&q=5108-0601").text.strip().splitlines()
    assert len(one) == 2
    assert _audit_actions(bo, "bo:siti").count("queue_exported") == 2
    bo.client.cookies.clear()
    assert bo.client.get("/backoffice/export.csv", follow_redirects=False).status_code == 303


def test_a_supervisor_releases_and_reassigns_what_a_verifier_holds(
    bo: Backoffice, kiosk: Kiosk
) -> None:
    bo.add_user("siti")
    bo.add_user("budi")
    bo.add_user("kepala", role="supervisor", offices=())
    app = bo.submit_sealed(kiosk, "5108-0800")
    url = f"/backoffice/applications/{app.application_id}"
    bo.sign_in("siti")
    bo.client.post(f"{url}/take", data={"csrf_token": bo.csrf()})
    bo.sign_in("budi")
    refused = bo.client.post(f"{url}/release", data={"csrf_token": bo.csrf()})
    assert refused.status_code == 409
    bo.sign_in("kepala")
    page = bo.client.post(f"{url}/release", data={"reassign_to": "budi", "csrf_token": bo.csrf()})
    assert page.status_code == 200
    assert 'id="holder">budi<' in page.text
    released = bo.client.post(f"{url}/release", data={"csrf_token": bo.csrf()})
    assert 'id="holder">—<' in released.text
    actions = _audit_actions(bo, "bo:kepala")
    assert "assignment_reassigned" in actions
    assert "assignment_released" in actions
