"""A citizen checks their own application's status at the self-service kiosk.

They give what only the receipt holder has: the application number's digits (the date and
the sequence, as printed on the receipt: YYMMDD-<device>-NNNN; the device code's letters are
not asked, a keypad has none), or hold the receipt's QR code (exactly the whole number) to the
kiosk camera, and the last four digits of their NIK. Both must match one
application, else nothing is shown, not even whether the number exists. Five wrong tries in a
row pause the kiosk's status check (a guessing attack, or a citizen who needs the counter).

The answer comes from the last state this kiosk synced (it says how old that is); only the
number, the service, the masked NIK and the status with what to fix: no name, no documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.applications.records import ApplicationRecords, ApplicationSummary
from kiosk.store.clock import utcnow

NUMBER_DIGITS = 10
"""YYMMDD + the 4-digit sequence."""
NIK_TAIL_DIGITS = 4
MAX_WRONG_TRIES = 5
PAUSE = timedelta(minutes=2)
_NUMBER = re.compile(r"^([0-9]{6})-[A-Z0-9]+-([0-9]{4})$")
RECEIPT_NUMBER = _NUMBER
"""What a receipt's QR holds: exactly the application number."""


@dataclass(frozen=True)
class StatusAnswer:
    number: str
    service: str
    nik_masked: str
    status: str
    reason: str | None
    fix_hint: str | None
    synced_at: datetime | None
    """When this kiosk last heard from the server (None: never): the answer's age."""
    since: datetime | None = None
    """When the application reached this status (for "ready": from when to collect)."""


class StatusCheckPaused(Exception):
    def __init__(self, until: datetime) -> None:
        super().__init__(f"paused until {until.isoformat()}")
        self.until = until


@dataclass
class StatusLookup:
    records: ApplicationRecords
    last_synced: Callable[[], datetime | None]
    clock: Callable[[], datetime] = utcnow
    wrong_tries: int = 0
    paused_until: datetime | None = None

    def check(self, number_digits: str, nik_tail: str) -> StatusAnswer | None:
        """The holder's application, or None (wrong or unknown: the same answer).

        Raises:
            StatusCheckPaused: after MAX_WRONG_TRIES wrong tries, until PAUSE has passed.
        """
        return self._counted(lambda: self._find(number_digits, nik_tail))

    def check_receipt_code(self, code: str, nik_tail: str) -> StatusAnswer | None:
        """The same check with the receipt's QR text (the whole number, device code included)
        in place of the typed digits; the wrong tries count together with the keypad's.

        Raises:
            StatusCheckPaused: after MAX_WRONG_TRIES wrong tries, until PAUSE has passed.
        """
        return self._counted(lambda: self._find_by_code(code, nik_tail))

    def current(self, answer: StatusAnswer) -> StatusAnswer:
        """The same application read again (after the server was asked for fresher news):
        the holder has already proved it is theirs, so no try is counted."""
        summaries = self.records.find_by_number(answer.number)
        return self._answer(summaries) or answer

    def _counted(self, find: Callable[[], StatusAnswer | None]) -> StatusAnswer | None:
        now = self.clock()
        if self.paused_until is not None:
            if now < self.paused_until:
                raise StatusCheckPaused(self.paused_until)
            self.paused_until, self.wrong_tries = None, 0
        answer = find()
        if answer is None:
            self.wrong_tries += 1
            if self.wrong_tries >= MAX_WRONG_TRIES:
                self.paused_until = now + PAUSE
                raise StatusCheckPaused(self.paused_until)
            return None
        self.wrong_tries = 0
        return answer

    def _find(self, number_digits: str, nik_tail: str) -> StatusAnswer | None:
        if not (
            len(number_digits) == NUMBER_DIGITS
            and number_digits.isdigit()
            and len(nik_tail) == NIK_TAIL_DIGITS
            and nik_tail.isdigit()
        ):
            return None
        day, sequence = number_digits[:6], number_digits[6:]
        matches = []
        for summary in self.records.find_by_number_parts(day, sequence):
            parts = _NUMBER.match(summary.number)
            if (
                parts
                and parts.groups() == (day, sequence)
                and summary.nik_masked.endswith(nik_tail)
            ):
                matches.append(summary)
        return self._answer(matches)

    def _find_by_code(self, code: str, nik_tail: str) -> StatusAnswer | None:
        number = code.strip()
        if not (_NUMBER.match(number) and len(nik_tail) == NIK_TAIL_DIGITS and nik_tail.isdigit()):
            return None
        matches = [
            summary
            for summary in self.records.find_by_number(number)
            if summary.number == number and summary.nik_masked.endswith(nik_tail)
        ]
        return self._answer(matches)

    def _answer(self, matches: list[ApplicationSummary]) -> StatusAnswer | None:
        if not matches:
            return None
        newest = max(matches, key=lambda s: s.version)
        events = self.records.history(newest.id, newest.version)
        last = events[-1] if events else {}
        return StatusAnswer(
            number=newest.number,
            service=newest.service,
            nik_masked=newest.nik_masked,
            status=newest.status,
            reason=last.get("reason"),
            fix_hint=last.get("fix_hint"),
            synced_at=self.last_synced(),
            since=datetime.fromisoformat(last["at"]) if last.get("at") else None,
        )
