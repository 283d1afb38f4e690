"""INVARIANT 3 (the part a copied data folder can show): at any point — a draft, a queued
application, after sync, after retention — no NIK, No. KK, name, phone or image bytes (nor a
jemput bola visit's name, address or notes) are in clear text anywhere in the kiosk's data dir,
SQLite pages and WAL included. And once sealed
(at submit, or at the first contact with the server for what was queued before), not even
the device key opens a document: only the server's private key does."""

from __future__ import annotations

import io
import json
import shutil
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.applications.retention import purge_acknowledged
from kiosk.field.visit_retention import purge_done_visits
from kiosk.field.visits import VisitCategory, VisitPlan, VisitState
from kiosk.local_store import Store
from kiosk.store.clock import utcnow
from kiosk.store.crypto import DecryptionFailed
from sync.engine import SyncEngine
from sync.enrollment import enroll
from tests.helpers.applications import ktp_el_hilang
from tests.helpers.operators import PASSWORD, add_operator, signed_in
from tests.helpers.processes import ServerProcess
from ui.cli.main import main as cli_main
from ui.viewmodels.visits import VisitLead, add_visit, import_visits, mark_visit
from ui.viewmodels.wizard import WizardModel


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path / "server", f"sqlite:///{tmp_path / 'server.sqlite3'}")
    process.cli("keys", "create")
    process.start()
    yield process
    process.stop()


def secrets_of(new: object) -> list[bytes]:
    applicant = new.applicant  # type: ignore[attr-defined]
    needles = [
        applicant.nik,
        applicant.no_kk,
        applicant.name,
        applicant.name.upper(),
        applicant.phone,
        "6281234567890",
    ]
    found = [n.encode() for n in needles if n]
    for attachment in new.attachments:  # type: ignore[attr-defined]
        body = attachment.data
        found += [body[100:164], body[len(body) // 2 : len(body) // 2 + 64]]
    return found


def assert_nothing_in_clear(data_dir: Path, needles: list[bytes], snapshot: Path) -> None:
    # A copy taken while the store is open: exactly what a thief would get.
    shutil.copytree(data_dir, snapshot)
    files = [p for p in snapshot.rglob("*") if p.is_file()]
    assert any(p.name.endswith("-wal") for p in files) or any(
        p.name == "kiosk.sqlite3" for p in files
    )
    for path in files:
        content = path.read_bytes()
        for needle in needles:
            assert needle not in content, f"{needle[:20]!r} in clear in {path.name}"


def document_slices(new: object) -> list[bytes]:
    found = []
    for attachment in new.attachments:  # type: ignore[attr-defined]
        body = attachment.data
        found += [body[100:164], body[len(body) // 2 : len(body) // 2 + 64]]
    return found


def device_key_reveals(store: Store, needles: list[bytes]) -> list[bytes]:
    """The needles a thief who ALSO has the device key finds in the vault."""
    plaintexts = []
    for path in store.core.vault.root.glob("??/*.kv"):
        try:
            plaintexts.append(store.core.keys.decrypt(path.read_bytes(), path.stem.encode()))
        except DecryptionFailed:
            continue
    return [n for n in needles if any(n in text for text in plaintexts)]


def test_a_copied_data_dir_reveals_no_citizen_data_at_any_point(
    data_dir: Path, tmp_path: Path, server: ServerProcess
) -> None:
    store = Store.open(data_dir)
    new = ktp_el_hilang(1, attachment_size=50_000)
    new.applicant.name = "Kartini Wulandari"
    new.applicant.phone = "081234567890"
    needles = secrets_of(new)
    # The jemput bola visit list: who is visited and the team's notes are citizen data too.
    visit_id = store.visits.add(
        VisitPlan(
            category=VisitCategory.SAKIT,
            planned_on=date(2026, 12, 10),
            address={
                "alamat": "Gang Cempaka 12",
                "rt": "4",
                "rw": "9",
                "kode_wilayah": "35.78.01.1001",
            },
            name="Wiryo Sudarmo",
            household="Keluarga Wiryo Sudarmo",
            notes="terbaring sejak stroke, pintu belakang",
        )
    )
    needles += [b"Wiryo", b"Sudarmo", b"stroke, pintu", b"Gang Cempaka"]

    draft_files = [store.drafts.put_file(a.data) for a in new.attachments]
    draft_id = store.drafts.save(
        None,
        operator="petugas1",
        service=new.service,
        data={"applicant": new.applicant.as_payload() | {"birth_date": "1990-08-17"}},
        attachment_hashes=draft_files,
    )
    assert_nothing_in_clear(data_dir, needles, tmp_path / "1-draft")

    new.draft_id = draft_id
    submitted = store.submission.submit(new)
    store.records.read_applicant_audited(
        submitted.id, 1, operator="petugas1"
    )  # a read leaves an audit entry
    store.visits.mark(visit_id, VisitState.DONE, application_id=submitted.id)
    assert_nothing_in_clear(data_dir, needles, tmp_path / "2-queued")

    # Queued before the device ever met the server: under the device key only, for now.
    assert device_key_reveals(store, document_slices(new))

    enroll(store, server.url, server.enrollment_code("31.71.01"), "loket 1")
    assert SyncEngine(store).run_once().acknowledged == 1
    assert_nothing_in_clear(data_dir, needles, tmp_path / "3-synced")
    assert device_key_reveals(store, document_slices(new)) == []

    # Known key: sealed at submit, the clear copy never stays.
    later = ktp_el_hilang(2, attachment_size=50_000)
    second = store.submission.submit(later)
    assert device_key_reveals(store, document_slices(later)) == []
    assert_nothing_in_clear(data_dir, secrets_of(later), tmp_path / "3b-sealed-at-submit")
    assert SyncEngine(store).run_once().acknowledged == 1

    # The server's private key opens both.
    for app_id, applicant in ((submitted.id, new.applicant), (second.id, later.applicant)):
        shown = json.loads(server.cli("show", app_id).stdout)
        assert shown["sealed"] is True
        assert (shown["fields"]["nik"], shown["fields"]["name"]) == (
            applicant.nik,
            applicant.name,
        )
    opened = tmp_path / "kk-opened.jpg"
    server.cli("open-attachment", submitted.id, "kk", "--out", str(opened))
    assert opened.read_bytes() == new.attachments[0].data

    purge_acknowledged(store.core, store.audit, 0, now=utcnow() + timedelta(seconds=1))
    assert_nothing_in_clear(data_dir, needles, tmp_path / "4-purged")
    store.close()


def test_a_visit_list_from_csv_to_purge_stays_sealed(data_dir: Path, tmp_path: Path) -> None:
    """The jemput bola path as the Visits screen takes it: a CSV imported, a visit marked, an
    application draft started from a visit (its address carried over), then the done visits
    purged after the retention: at no point is a name, address or note in clear, audit
    entries included."""
    store = Store.open(data_dir)
    csv_file = tmp_path / "outside" / "kunjungan.csv"  # on the team's stick, not the data dir
    csv_file.parent.mkdir()
    csv_file.write_text(
        "nama;keluarga;alamat;rt;rw;kode_wilayah;kategori;tanggal;catatan\n"
        "Sumarni Rahayu;;Gang Flamboyan 21;3;8;35.78.01.1001;disabilitas;2026-12-12;"
        "kaki diamputasi, lantai dua\n"
        ";Keluarga Wongsodimejo;Jl. Cendrawasih 4;1;1;35.78.01.1001;panti;12/12/2026;\n",
        encoding="utf-8",
    )
    needles = [
        b"Sumarni",
        b"Rahayu",
        b"Flamboyan",
        b"diamputasi",
        b"Wongsodimejo",
        b"Cendrawasih",
    ]
    assert import_visits(store, csv_file, "tim1") == 2
    assert_nothing_in_clear(data_dir, needles, tmp_path / "1-imported")

    first = store.visits.list()[0]
    model = WizardModel(store.catalog, "tim1", visit=VisitLead.of(first))
    data, _ = model.to_draft()
    assert data["applicant"]["values"]["alamat"] == "Gang Flamboyan 21"
    store.drafts.save(None, operator="tim1", service=None, data=data, attachment_hashes=[])
    mark_visit(store, first.id, VisitState.DONE, "tim1")
    assert_nothing_in_clear(data_dir, needles, tmp_path / "2-marked-and-draft")

    later = utcnow() + timedelta(days=31)
    assert purge_done_visits(store.core, store.audit, 30, now=later) == 1
    assert [v.plan.household for v in store.visits.list()] == ["Keluarga Wongsodimejo"]
    assert_nothing_in_clear(data_dir, needles, tmp_path / "3-purged")
    store.close()


def test_visits_planned_by_hand_stay_sealed(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A visit planned with `kiosk visits add` and one through the job of the Visits screen's
    form: the names, streets and notes typed are nowhere in clear, audit entries included."""
    add_operator(data_dir, "tim1")
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    day = (date.today() + timedelta(days=3)).isoformat()
    args = ["visits", "add", "--data-dir", str(data_dir), *signed_in("tim1")]
    args += ["--name", "Tukiyem Purwaningsih", "--address", "Gang Kemuning 17", "--rt", "4"]
    args += ["--rw", "2", "--kelurahan", "35.78.01.1001", "--category", "odgj", "--date", day]
    assert cli_main([*args, "--notes", "dipasung keluarga, datang pagi"]) == 0
    store = Store.open(data_dir)
    plan = VisitPlan(
        VisitCategory.SEKOLAH,
        date.today(),
        {"alamat": "Jl. Teratai 9", "rt": "1", "rw": "1", "kode_wilayah": "35.78.01.1001"},
        household="Keluarga Sastrowardoyo",
        notes="tiga anak belum punya akta",
    )
    add_visit(store, plan, "tim1", date.today())
    assert len(store.visits.list()) == 2
    needles = [
        b"Tukiyem",
        b"Purwaningsih",
        b"Kemuning",
        b"dipasung",
        b"Sastrowardoyo",
        b"Teratai",
        b"akta",
    ]
    assert_nothing_in_clear(data_dir, needles, tmp_path / "planned")
    store.close()


def test_the_check_itself_finds_a_nik_left_in_clear(data_dir: Path, tmp_path: Path) -> None:
    Store.open(data_dir).close()
    (data_dir / "kiosk.log").write_text("lookup 3171011708900002 failed")
    with pytest.raises(AssertionError, match="in clear in kiosk.log"):
        assert_nothing_in_clear(data_dir, [b"3171011708900002"], tmp_path / "snap")
