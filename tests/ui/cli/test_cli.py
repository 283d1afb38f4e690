"""The `kiosk` command as scripts use it: real processes, JSON out, exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.applications import real_jpeg
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


def test_apply_then_list(tmp_path: Path) -> None:
    request = write_request(tmp_path, documents=("kk", "surat-kehilangan"))
    data_dir = tmp_path / "data"
    done = kiosk("apply", "--data-dir", str(data_dir), "--from-json", str(request))
    assert done.returncode == 0, done.stderr
    created = json.loads(done.stdout)
    listed = json.loads(kiosk("list", "--data-dir", str(data_dir), "--json").stdout)
    assert [(a["id"], a["number"], a["service"], a["status"], a["nik_masked"]) for a in listed] == [
        (created["id"], created["number"], "ktp-el-hilang", "submitted", "3171********0001")
    ]
    found = json.loads(
        kiosk("list", "--data-dir", str(data_dir), "--nik", "3171015708900001", "--json").stdout
    )
    assert [a["id"] for a in found] == [created["id"]]


def test_apply_refuses_missing_document_with_exit_one(tmp_path: Path) -> None:
    request = write_request(tmp_path, documents=("kk",))
    data_dir = tmp_path / "data"
    done = kiosk("apply", "--data-dir", str(data_dir), "--from-json", str(request))
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
    done = kiosk("apply", "--data-dir", str(tmp_path / "d"), "--from-json", str(path))
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
    done = kiosk("apply", "--data-dir", str(tmp_path / "d"), "--from-json", str(request))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert needle.lower() in done.stdout.lower()


def test_apply_refuses_a_duplicate_open_application_unless_a_reason_is_given(
    tmp_path: Path,
) -> None:
    request = write_request(tmp_path, documents=("kk", "surat-kehilangan"))
    data_dir = tmp_path / "data"
    first = kiosk("apply", "--data-dir", str(data_dir), "--from-json", str(request))
    assert first.returncode == 0, first.stderr
    number = json.loads(first.stdout)["number"]

    again = kiosk("apply", "--data-dir", str(data_dir), "--from-json", str(request))
    assert again.returncode == 1
    refused = json.loads(again.stdout)
    assert refused["ok"] is False
    assert number in refused["message"]
    assert "Menunggu dikirim" in refused["message"]
    assert "--duplicate-reason" in refused["message_en"]
    assert [d["number"] for d in refused["duplicate_of"]] == [number]
    assert number in again.stderr

    reason = "Permohonan pertama salah pilih berkas"
    forced = kiosk(
        "apply",
        "--data-dir",
        str(data_dir),
        "--from-json",
        str(request),
        "--duplicate-reason",
        reason,
    )
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
    done = kiosk("apply", "--data-dir", str(tmp_path / "data"), "--from-json", str(request))
    assert done.returncode == 1
    refused = json.loads(done.stdout)
    assert code in {e["code"] for e in refused["errors"]}
