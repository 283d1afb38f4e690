"""`kiosk-server survey report`: an office's satisfaction index (IKM) for one month.

Prints the same JSON as the kiosk's `kiosk survey report` (kiosk.survey.ikm), from the
responses every kiosk of the office sent.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from .common import EXIT_USAGE, Command, Parents, err, open_database, say

if TYPE_CHECKING:
    from ..config import ServerSettings


def _arguments(survey: argparse.ArgumentParser, common: Parents) -> None:
    actions = survey.add_subparsers(dest="survey_command", metavar="ACTION", required=True)
    report = actions.add_parser("report", parents=common, help="an office's IKM for one month")
    report.add_argument("--office", required=True, help="office code, e.g. 31.71.01")
    report.add_argument("--period", required=True, help="month, YYYY-MM")
    report.add_argument("--json", action="store_true")


def _run(args: argparse.Namespace, settings: ServerSettings) -> int:
    from kiosk.survey.ikm import SurveyInputError, report_text

    from ..survey import report

    try:
        with open_database(settings) as database:
            result = report(database, args.office, args.period)
    except SurveyInputError as exc:
        err(f"Ditolak: {exc.message_id}\nRefused: {exc.message_en}")
        return EXIT_USAGE
    data = result.as_dict()
    if args.json:
        say(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        say(report_text(data, args.period).rstrip("\n"))
    return 0


SURVEY = Command("survey", "satisfaction survey (SKM) index per office", _arguments, _run)
