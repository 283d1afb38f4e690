"""`kiosk survey add|report`: the satisfaction survey (SKM) and its index (IKM) on the kiosk.

`add` records one response typed in from a paper form (or by a test); `report` prints the
month's index, the same JSON the server's `kiosk-server survey report` prints.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    from kiosk.survey.responses import AGE_BANDS, EDUCATIONS, JOBS, SEXES

    survey = subparsers.add_parser("survey", help="survei kepuasan (SKM) / satisfaction survey")
    actions = survey.add_subparsers(dest="survey_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=[common], help="catat satu jawaban / record one")
    add.add_argument(
        "--scores", required=True, help="9 nilai 1-4, mis. / 9 scores 1-4, e.g. 4,3,4,4,3,4,4,3,4"
    )
    add.add_argument("--date", help="tanggal pengisian / day answered (YYYY-MM-DD; default today)")
    add.add_argument("--suggestion", default="", help="saran / suggestion")
    add.add_argument("--age-band", choices=AGE_BANDS)
    add.add_argument("--sex", choices=SEXES)
    add.add_argument("--education", choices=EDUCATIONS)
    add.add_argument("--job", choices=JOBS)
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=run_add)
    report = actions.add_parser("report", parents=[common], help="indeks (IKM) / index")
    report.add_argument("--period", required=True, help="bulan / month, YYYY-MM")
    report.add_argument("--json", action="store_true")
    report.set_defaults(handler=run_report)


def _store(args: argparse.Namespace) -> Any:
    from kiosk.local_store import Store
    from kiosk.paths import resolve_data_dir

    return Store.open(resolve_data_dir(args.data_dir))


def _refuse(message_id: str, message_en: str) -> int:
    sys.stderr.write(f"Ditolak: {message_id}\nRefused: {message_en}\n")
    return 2


def run_add(args: argparse.Namespace) -> int:
    from kiosk.survey.ikm import SurveyInputError, parse_scores
    from kiosk.survey.responses import SurveyAnswer
    from ui.cli.output import print_json

    try:
        answered_on = date.fromisoformat(args.date) if args.date else None
    except ValueError:
        return _refuse("Tanggal harus berbentuk TTTT-BB-HH", "The date must look like YYYY-MM-DD")
    try:
        scores = parse_scores(args.scores)
        fields: dict[str, Any] = {
            "scores": scores,
            "suggestion": args.suggestion,
            "age_band": args.age_band,
            "sex": args.sex,
            "education": args.education,
            "job": args.job,
        }
        if answered_on is not None:
            fields["answered_on"] = answered_on
        response_id = _store(args).survey.add(SurveyAnswer(**fields))
    except SurveyInputError as exc:
        return _refuse(exc.message_id, exc.message_en)
    if args.json:
        print_json({"ok": True, "id": response_id})
    else:
        sys.stdout.write("Jawaban survei dicatat / survey response recorded\n")
    return 0


def run_report(args: argparse.Namespace) -> int:
    from kiosk.survey.ikm import SurveyInputError

    try:
        result = _store(args).survey.report(args.period)
    except SurveyInputError as exc:
        return _refuse(exc.message_id, exc.message_en)
    print_report(result.as_dict(), args.period, as_json=args.json)
    return 0


def print_report(data: dict[str, Any], period: str, *, as_json: bool) -> None:
    from kiosk.survey.ikm import report_text
    from ui.cli.output import print_json

    if as_json:
        print_json(data)
    else:
        sys.stdout.write(report_text(data, period))
