"""The `kiosk` command as scripts use it: real processes, JSON out, exit statuses."""

from __future__ import annotations

import contextlib
import json
import subprocess
from pathlib import Path

import pytest

from tests.helpers.applications import real_jpeg
from tests.helpers.operators import PASSWORD, add_operator, signed_in
from tests.helpers.processes import kiosk

ROOT = Path(__file__).resolve().parents[3]


def test_validate_nik_json_and_exit_zero() -> None:
    done = kiosk(
        "validate", "nik", "3171015708900001", "--birth-date", "1990-08-17", "--sex", "P", "--json"
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["valid"] is True
    assert (out["province_code"], out["regency_code"], out["district_code"]) == (
        "31",
        "3171",
        "317101",
    )
    assert (out["birth_date"], out["sex"], out["serial"]) == ("1990-08-17", "P", "0001")
    assert out["errors"] == []
    assert out["warnings"] == []


def test_validate_nik_invalid_exits_one_with_coded_errors() -> None:
    done = kiosk("validate", "nik", "1071011708900000", "--json")
    assert done.returncode == 1
    out = json.loads(done.stdout)
    assert out["valid"] is False
    assert {e["code"] for e in out["errors"]} == {"nik_unknown_province", "nik_serial_zero"}
    assert all(e["message"] for e in out["errors"])


def test_validate_short_nik_still_prints_every_field() -> None:
    out = json.loads(kiosk("validate", "nik", "123", "--json").stdout)
    assert out["province_code"] is None
    assert out["serial"] is None


def test_validate_kk() -> None:
    done = kiosk("validate", "kk", "3171010101100002", "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout)["valid"] is True


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "nik"),
        ("validate", "nik", "3171015708900001", "--birth-date", "17-08-1990"),
        ("validate", "nik", "3171015708900001", "--sex", "X"),
        ("validate", "passport", "1"),
        ("nonsense",),
    ],
)
def test_usage_errors_exit_two(args: tuple[str, ...]) -> None:
    assert kiosk(*args).returncode == 2


def write_request(folder: Path, *, documents: tuple[str, ...]) -> Path:
    attachments = []
    for i, doc in enumerate(documents):
        (folder / f"{doc}.jpg").write_bytes(real_jpeg(i))
        attachments.append({"document": doc, "file": f"{doc}.jpg"})
    request = {
        "service": "ktp-el-hilang",
        "applicant": {
            "nik": "3171015708900001",
            "no_kk": "3171010101100002",
            "name": "Siti Aminah",
            "birth_date": "1990-08-17",
            "sex": "P",
            "phone": "0812-3456-7890",
            "address": {
                "alamat": "Jl. Melati No. 12",
                "rt": "001",
                "rw": "002",
                "kode_wilayah": "31.71.01.1001",
            },
        },
        "attachments": attachments,
    }
    path = folder / "request.json"
    path.write_text(json.dumps(request))
    return path


def apply(
    data_dir: Path, request: Path, *args: str, timeout: float = 300, operator: str = "siti"
) -> subprocess.CompletedProcess[str]:
    """`kiosk apply` signed in as `operator` (created, as a petugas, when missing)."""
    from kiosk.accounts import AuthError

    with contextlib.suppress(AuthError):  # already there
        add_operator(data_dir, operator)
    return kiosk(
        "apply",
        "--data-dir",
        str(data_dir),
        "--from-json",
        str(request),
        *args,
        *signed_in(operator),
        stdin=PASSWORD + "\n",
        timeout=timeout,
    )


def test_apply_then_list(tmp_path: Path) -> None:
    request = write_request(tmp_path, documents=("kk", "surat-kehilangan"))
    data_dir = tmp_path / "data"
    done = apply(data_dir, request)
    assert done.returncode == 0, done.stderr
    created = json.loads(done.stdout)
    listed = json.loads(kiosk("list", "--data-dir", str(data_dir), "--json").stdout)
    assert [(a["id"], a["number"], a["service"], a["status"], a["nik_masked"]) for a in listed] == [
        (created["id"], created["number"], "ktp-el-hilang", "submitted", "3171********0001")
    ]
    found = json.loads(
        kiosk(
            "list",
            "--data-dir",
            str(data_dir),
            "--nik",
            "3171015708900001",
            "--json",
            *signed_in("siti"),
            stdin=PASSWORD + "\n",
        ).stdout
    )
    assert [a["id"] for a in found] == [created["id"]]


def test_apply_refuses_missing_document_with_exit_one(tmp_path: Path) -> None:
    request = write_request(tmp_path, documents=("kk",))
    data_dir = tmp_path / "data"
    done = apply(data_dir, request)
    assert done.returncode == 1
    out = json.loads(done.stdout)
    assert [e["code"] for e in out["errors"]] == ["document_missing"]
    assert "kehilangan" in done.stderr
    assert json.loads(kiosk("list", "--data-dir", str(data_dir), "--json").stdout) == []


@pytest.mark.parametrize(
    "content", ["{not json", "[]", json.dumps({"service": "kia", "applicant": "x"})]
)
def test_apply_refuses_malformed_request_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "request.json"
    path.write_text(content)
    done = apply(tmp_path / "d", path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert json.loads(done.stdout)["ok"] is False


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 500, "JPEG"),  # header only, cut short
        ("bomb", "terlalu besar"),
    ],
)
def test_apply_refuses_corrupt_and_hostile_images(
    tmp_path: Path, content: object, needle: str
) -> None:
    import cv2
    import numpy as np

    request = write_request(tmp_path, documents=("kk", "surat-kehilangan"))
    if content == "bomb":
        ok, png = cv2.imencode(".png", np.zeros((8, 8), np.uint8))
        data = bytearray(png.tobytes())
        data[16:24] = (60000).to_bytes(4, "big") + (60000).to_bytes(4, "big")  # IHDR size
        content = bytes(data)
    (tmp_path / "kk.jpg").write_bytes(content)  # type: ignore[arg-type]
    done = apply(tmp_path / "d", request)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert needle.lower() in done.stdout.lower()


@pytest.mark.parametrize("special", ["dev-zero", "fifo", "folder"])
def test_apply_refuses_special_files_quickly(tmp_path: Path, special: str) -> None:
    """A symlink to /dev/zero once read 7.7 GB and died with a MemoryError; a FIFO hung."""
    import os

    request = write_request(tmp_path, documents=("kk", "surat-kehilangan"))
    target = tmp_path / "kk.jpg"
    target.unlink()
    if special == "dev-zero":
        target.symlink_to("/dev/zero")
    elif special == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    done = apply(tmp_path / "d", request, timeout=30)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    out = json.loads(done.stdout)
    assert "bukan berkas biasa" in out["message"].lower()
    assert "kk.jpg" in out["message"]
    assert "not a regular file" in out["message_en"].lower()


def test_apply_refuses_an_oversized_attachment_without_reading_it_all(tmp_path: Path) -> None:
    request = write_request(tmp_path, documents=("kk", "surat-kehilangan"))
    with (tmp_path / "kk.jpg").open("r+b") as handle:
        handle.truncate(3 * 2**30)  # sparse: 3 GB announced, nothing on disk
    done = apply(tmp_path / "d", request, timeout=30)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "10 MB" in json.loads(done.stdout)["message"]


@pytest.mark.parametrize("special", ["dev-zero", "fifo"])
def test_apply_refuses_a_special_request_file(tmp_path: Path, special: str) -> None:
    import os

    request = tmp_path / "request.json"
    if special == "dev-zero":
        request.symlink_to("/dev/zero")
    else:
        os.mkfifo(request)
    done = apply(tmp_path / "d", request, timeout=30)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "bukan berkas biasa" in json.loads(done.stdout)["message"].lower()


def _black_png(size: int) -> bytes:
    import cv2
    import numpy as np

    ok, png = cv2.imencode(".png", np.zeros((size, size, 3), np.uint8))
    assert ok
    return bytes(png.tobytes())


def _truncated_jpeg() -> bytes:
    whole = real_jpeg(7, (900, 1200))
    return whole[: len(whole) // 2] + b"\xff\xd9"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"%PDF-1.7\n" + bytes(range(256)) * 40, "attachment_unreadable"),
        ("black", "too_dark"),
        ("truncated", "attachment_unreadable"),
    ],
)
def test_apply_runs_the_wizards_decoding_and_quality_checks(
    tmp_path: Path, content: object, code: str
) -> None:
    """Random bytes after %PDF-, a solid black PNG and a cut JPEG with FF D9 appended were all
    accepted by `kiosk apply` although the wizard (and `image check`) refuse them."""
    request = write_request(tmp_path, documents=("kk", "surat-kehilangan"))
    if content == "black":
        content = _black_png(1500)
    elif content == "truncated":
        content = _truncated_jpeg()
    (tmp_path / "kk.jpg").write_bytes(content)  # type: ignore[arg-type]
    data_dir = tmp_path / "d"
    done = apply(data_dir, request)
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    out = json.loads(done.stdout)
    assert [e["code"] for e in out["errors"]] == [code]
    assert "kk.jpg" in out["message"]
    assert json.loads(kiosk("list", "--data-dir", str(data_dir), "--json").stdout) == []


def _audit(data_dir: Path) -> list[tuple[str, str, str]]:
    from kiosk.local_store import Store

    store = Store.open(data_dir)
    entries = [(e["action"], e["operator"], e["detail"]) for e in store.audit.entries()]
    store.close()
    return list(reversed(entries))


@pytest.mark.parametrize(
    ("extra", "stdin", "code"),
    [
        ((), None, "operator_missing"),
        (("--operator", "siti", "--password-stdin"), "salah-sekali\n", "wrong_credentials"),
        (("--operator", "nobody-at-all", "--password-stdin"), "apa-saja-123\n", None),
    ],
)
def test_apply_needs_an_operators_password(
    tmp_path: Path, extra: tuple[str, ...], stdin: str | None, code: str | None
) -> None:
    """`kiosk apply` recorded the OS user (or any --operator) as operator, no password."""
    request = write_request(tmp_path, documents=("kk", "surat-kehilangan"))
    data_dir = tmp_path / "data"
    add_operator(data_dir, "siti")
    done = kiosk(
        "apply", "--data-dir", str(data_dir), "--from-json", str(request), *extra, stdin=stdin
    )
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    out = json.loads(done.stdout)
    assert out["code"] == (code or "wrong_credentials")
    assert json.loads(kiosk("list", "--data-dir", str(data_dir), "--json").stdout) == []
    actions = [a for a, _, _ in _audit(data_dir)]
    assert "create" not in actions
    if extra:
        assert actions[-1] == "sign_in_failed"


def test_apply_names_the_operator_who_signed_in(tmp_path: Path) -> None:
    request = write_request(tmp_path, documents=("kk", "surat-kehilangan"))
    data_dir = tmp_path / "data"
    done = apply(data_dir, request)
    assert done.returncode == 0, done.stderr
    trail = _audit(data_dir)
    assert ("sign_in", "siti") in [(a, o) for a, o, _ in trail]
    assert [o for a, o, _ in trail if a == "create"] == ["siti"]


def test_list_by_nik_is_a_signed_in_audited_lookup(tmp_path: Path) -> None:
    """`kiosk list --nik FULLNIK` answered anyone and left no trace."""
    request = write_request(tmp_path, documents=("kk", "surat-kehilangan"))
    data_dir = tmp_path / "data"
    assert apply(data_dir, request).returncode == 0
    before = len(_audit(data_dir))
    refused = kiosk("list", "--data-dir", str(data_dir), "--nik", "3171015708900001", "--json")
    assert refused.returncode == 1
    assert json.loads(refused.stdout)["code"] == "operator_missing"
    assert "3171" not in refused.stdout
    found = kiosk(
        "list",
        "--data-dir",
        str(data_dir),
        "--nik",
        "3171015708900001",
        "--json",
        *signed_in("siti"),
        stdin=PASSWORD + "\n",
    )
    assert found.returncode == 0, found.stderr
    assert len(json.loads(found.stdout)) == 1
    assert _audit(data_dir)[before:] == [
        ("sign_in", "siti", ""),
        ("view", "siti", "search by NIK: 1 found"),
    ]


@pytest.mark.parametrize("approver", [None, "kepala"])
def test_apply_override_with_reason_needs_a_supervisor_for_a_petugas(
    tmp_path: Path, approver: str | None
) -> None:
    """The wizard's rule: a reason of 10+ characters, and a petugas needs a supervisor."""
    from kiosk.accounts import Role

    request = write_request(tmp_path, documents=("kk", "surat-kehilangan"))
    body = json.loads(request.read_text())
    body["attachments"][0]["override_reason"] = "Asli KK memang gelap, sudah dicek"
    request.write_text(json.dumps(body))
    (tmp_path / "kk.jpg").write_bytes(_black_png(800))
    data_dir = tmp_path / "data"
    add_operator(data_dir, "kepala", Role.SUPERVISOR)
    add_operator(data_dir, "siti")
    extra = ("--approver", approver) if approver else ()
    done = kiosk(
        "apply",
        "--data-dir",
        str(data_dir),
        "--from-json",
        str(request),
        *signed_in("siti"),
        *extra,
        stdin=f"{PASSWORD}\n{PASSWORD}\n",
    )
    trail = _audit(data_dir)
    if approver is None:
        assert done.returncode == 1, done.stdout
        assert [e["code"] for e in json.loads(done.stdout)["errors"]] == ["approval_needed"]
        assert "create" not in [a for a, _, _ in trail]
        return
    assert done.returncode == 0, done.stdout
    assert ("approval", "kepala", "override kk: too_dark for siti") in trail
    [override] = [d for a, _, d in trail if a == "override"]
    assert override.startswith("kk: too_dark; Asli KK memang gelap")
    assert override.endswith("approved by kepala")


def test_apply_refuses_a_duplicate_open_application_unless_a_reason_is_given(
    tmp_path: Path,
) -> None:
    request = write_request(tmp_path, documents=("kk", "surat-kehilangan"))
    data_dir = tmp_path / "data"
    first = apply(data_dir, request)
    assert first.returncode == 0, first.stderr
    number = json.loads(first.stdout)["number"]

    again = apply(data_dir, request)
    assert again.returncode == 1
    refused = json.loads(again.stdout)
    assert refused["ok"] is False
    assert number in refused["message"]
    assert "Menunggu dikirim" in refused["message"]
    assert "--duplicate-reason" in refused["message_en"]
    assert [d["number"] for d in refused["duplicate_of"]] == [number]
    assert number in again.stderr

    reason = "Permohonan pertama salah pilih berkas"
    forced = apply(data_dir, request, "--duplicate-reason", reason)
    assert forced.returncode == 0, forced.stderr
    created = json.loads(forced.stdout)
    assert created["duplicate_of"] == [number]
    listed = json.loads(kiosk("list", "--data-dir", str(data_dir), "--json").stdout)
    assert len(listed) == 2
    audit = json.loads(kiosk("audit", "list", "--data-dir", str(data_dir), "--json").stdout)
    duplicates = [e for e in audit if e["action"] == "duplicate"]
    assert [e["number"] for e in duplicates] == [created["number"]]
    assert duplicates[0]["detail"] == f"beside {number}: {reason}"


@pytest.mark.parametrize(
    ("address", "code"),
    [
        (None, "address_alamat_empty"),
        (
            {"alamat": "Jl. Melati", "rt": "1234", "rw": "2", "kode_wilayah": "31.71.01.1001"},
            "rt_invalid",
        ),
        (
            {"alamat": "Jl. Melati", "rt": "1", "rw": "2", "kode_wilayah": "31.71.01.9999"},
            "address_kelurahan_unknown",
        ),
    ],
)
def test_apply_checks_the_applicant_address(
    tmp_path: Path, address: dict[str, str] | None, code: str
) -> None:
    request = write_request(tmp_path, documents=("kk", "surat-kehilangan"))
    data = json.loads(request.read_text())
    if address is None:
        del data["applicant"]["address"]
    else:
        data["applicant"]["address"] = address
    request.write_text(json.dumps(data))
    done = apply(tmp_path / "data", request)
    assert done.returncode == 1
    refused = json.loads(done.stdout)
    assert code in {e["code"] for e in refused["errors"]}


def test_apply_checks_the_service_own_fields_from_the_catalog(tmp_path: Path) -> None:
    """SKPWNI's destination (catalog extra_fields) in `applicant.extra`: an unknown code is
    refused with the field named, like every other field."""
    request = write_request(tmp_path, documents=("kk",))
    data = json.loads(request.read_text())
    data["service"] = "pindah-keluar"
    data["applicant"]["extra"] = {
        "alamat_tujuan": "Jl. Kenanga 3",
        "kode_wilayah_tujuan": "35.78.01.9999",
    }
    request.write_text(json.dumps(data))
    done = apply(tmp_path / "data", request)
    assert done.returncode == 1
    refused = json.loads(done.stdout)
    errors = {e["code"]: e for e in refused["errors"]}
    assert "extra_field_kode_wilayah_unknown" in errors
    assert errors["extra_field_kode_wilayah_unknown"]["field"] == "extra.kode_wilayah_tujuan"
