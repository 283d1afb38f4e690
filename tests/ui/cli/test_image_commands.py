"""`kiosk image check|prepare`, `kiosk scan-code` and `kiosk devices` as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.quality import EDGE_SHARPNESS_MIN
from resources.demo import media, selfies
from resources.demo.receipt import write_receipt_pdf

ROOT = Path(__file__).resolve().parents[3]


def kiosk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.cli.main", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env=env, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def ktp_photo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, media.GeneratedDocument]:
    photo = media.document_photo(3, "ktp")
    path = tmp_path_factory.mktemp("cli") / "ktp.jpg"
    cv2.imwrite(str(path), photo.image, [cv2.IMWRITE_JPEG_QUALITY, 95])
    return path, photo


def test_check_clean_document_is_ok(ktp_photo: tuple[Path, media.GeneratedDocument]) -> None:
    done = kiosk("image", "check", str(ktp_photo[0]), "--kind", "document", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["ok"] is True
    assert out["issues"] == []
    assert out["metrics"]["kind"] == "ktp"


def test_check_blurry_document_lists_the_issue_and_still_exits_zero(tmp_path: Path) -> None:
    path = tmp_path / "blurry.png"
    cv2.imwrite(str(path), media.document_photo(1, "ktp", "blurry").image)
    done = kiosk("image", "check", str(path), "--kind", "document", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["ok"] is False
    assert out["issues"] == [
        {"code": "blurry", "message": "Gambar buram, ulangi foto / Image is blurry, retake"}
    ]
    assert out["metrics"]["sharpness"] < EDGE_SHARPNESS_MIN


def test_check_selfie_with_a_mask(tmp_path: Path) -> None:
    path = tmp_path / "selfie.jpg"
    cv2.imwrite(str(path), selfies.selfie("face_covered_mask"))
    out = json.loads(kiosk("image", "check", str(path), "--kind", "selfie", "--json").stdout)
    assert [i["code"] for i in out["issues"]] == ["face_covered"]


def test_prepare_writes_the_flat_card_and_reports_corners(
    tmp_path: Path, ktp_photo: tuple[Path, media.GeneratedDocument]
) -> None:
    source, photo = ktp_photo
    target = tmp_path / "flat.jpg"
    done = kiosk("image", "prepare", str(source), str(target), "--kind", "document", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["bytes"] == target.stat().st_size <= 150_000
    corners = np.array(out["corners"])
    diagonal = np.linalg.norm(photo.corners[2] - photo.corners[0])
    assert np.linalg.norm(corners - photo.corners, axis=1).max() / diagonal < 0.02
    flat = cv2.imread(str(target))
    assert flat is not None
    assert flat.shape[1] / flat.shape[0] == pytest.approx(85.6 / 54, rel=0.01)
    assert "suggestion" not in out  # OCR only when asked for


def test_prepare_without_a_document_exits_one(tmp_path: Path) -> None:
    source = tmp_path / "desk.png"
    cv2.imwrite(str(source), media.desk_without_document(1))
    done = kiosk("image", "prepare", str(source), str(tmp_path / "o.jpg"), "--json")
    assert done.returncode == 1
    assert "Dokumen tidak terlihat" in json.loads(done.stdout)["error"]
    assert not (tmp_path / "o.jpg").exists()


def test_scan_code_reads_the_receipt_pdf(tmp_path: Path) -> None:
    pdf = write_receipt_pdf(tmp_path / "tanda-terima.pdf", "261122-A7K3-0001")
    done = kiosk("scan-code", str(pdf), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [{"type": "QRCODE", "data": "261122-A7K3-0001"}]


def test_devices_lists_the_sane_test_scanner(tmp_path: Path) -> None:
    (tmp_path / "dll.conf").write_text("test\n")
    env = {**os.environ, "SANE_CONFIG_DIR": str(tmp_path)}
    done = kiosk("devices", "--json", env=env)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert {"backend": "sane", "device": "test:0", "name": "Noname frontend-tester"} in out[
        "scanners"
    ]
    assert out["backends"]["wia"] == "not available"
    assert isinstance(out["cameras"], list)


@pytest.mark.parametrize("content", [b"", b"not an image", b"\x89PNG\r\n\x1a\n" + b"\x00" * 10])
def test_unusable_file_exits_one_with_a_message(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.jpg"
    path.write_bytes(content)
    for command in (["image", "check", str(path)], ["scan-code", str(path)]):
        done = kiosk(*command, "--json")
        assert done.returncode == 1
        assert json.loads(done.stdout)["error"].startswith("Berkas gambar tidak dapat dibaca")


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    assert kiosk("image", "check", str(tmp_path), "--kind", "passport").returncode == 2
    assert kiosk("image").returncode == 2
