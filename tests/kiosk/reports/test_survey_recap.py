"""The monthly recap carries the month's satisfaction index: nine element averages, IKM,
grade and respondents, in the CSV and in the PDF (with a bar chart); "no data" without any."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from kiosk.local_store import Store
from kiosk.reports import build_recap, parse_month, recap_csv, recap_pdf
from kiosk.survey.responses import SurveyAnswer
from tests.kiosk.receipts.pdf_tools import pdf_text

TOTALS = [32, 34, 36, 35, 37, 38, 39, 36, 33]


def test_a_month_with_answers_shows_the_index(data_dir: Path, tmp_path: Path) -> None:
    store = Store.open(data_dir)
    for r in range(10):
        scores = tuple(4 if r < t - 30 else 3 for t in TOTALS)
        store.survey.add(SurveyAnswer(scores=scores, answered_on=date(2026, 11, 3)))
    store.survey.add(SurveyAnswer(scores=(1,) * 9, answered_on=date(2026, 12, 1)))
    recap = build_recap(store, parse_month("2026-11"))
    assert recap.as_dict()["survey"]["ikm"] == 88.89
    _, _, survey = recap_csv(recap).decode("utf-8-sig").partition("\r\n\r\n")
    rows = list(csv.reader(io.StringIO(survey), delimiter=";"))
    assert rows[1][2:] == ["Persyaratan", "3.20"]
    assert ["IKM", "88.89 (A)"] in [row[2:] for row in rows]
    assert ["Responden", "10"] in [row[2:] for row in rows]
    text = " ".join(pdf_text(recap_pdf(recap), tmp_path).split())
    assert "Indeks Kepuasan Masyarakat (IKM)" in text
    assert "IKM 88.89, mutu A (sangat baik), 10 responden" in text
    assert "Sarana dan prasarana" in text
    store.close()


def test_a_month_without_answers_says_no_data(data_dir: Path, tmp_path: Path) -> None:
    store = Store.open(data_dir)
    recap = build_recap(store, parse_month("2026-10"))
    assert recap.as_dict()["survey"]["ikm"] is None
    assert "IKM;belum ada data" in recap_csv(recap).decode("utf-8-sig")
    text = " ".join(pdf_text(recap_pdf(recap), tmp_path).split())
    assert "Belum ada data survei" in text
    assert build_recap(store, parse_month("2026-10")).survey is not None
    store.close()
