"""The nine SKM elements and the satisfaction index (IKM) of PermenPANRB 14/2017.

The regulation prints each element's weight as 0.11 (1 / 9 rounded); we weight every element
exactly 1/9, so IKM = (mean of the nine element averages) x 25. With the rounded weight the
regulation's own worked example (element averages 3.2, 3.4, 3.6, 3.5, 3.7, 3.8, 3.9, 3.6, 3.3)
gives 88.00 instead of 88.89 and a survey answered "4" by everyone would score 99.00, not 100.
The arithmetic is exact (fractions), the IKM is rounded half up to 2 decimals, and the grade is
read from the rounded value, so the grade bands (A 88.31-100, B 76.61-88.30, C 65.00-76.60,
D 25.00-64.99) leave no gaps. Kiosk and server both compute with this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Final

ELEMENTS: Final = (
    ("persyaratan", "Persyaratan", "Requirements"),
    ("prosedur", "Sistem, mekanisme dan prosedur", "System, mechanism and procedure"),
    ("waktu", "Waktu penyelesaian", "Completion time"),
    ("biaya", "Biaya/tarif", "Cost/tariff"),
    ("produk", "Produk spesifikasi jenis pelayanan", "Product of the service"),
    ("kompetensi", "Kompetensi pelaksana", "Staff competence"),
    ("perilaku", "Perilaku pelaksana", "Staff behaviour"),
    (
        "pengaduan",
        "Penanganan pengaduan, saran dan masukan",
        "Handling of complaints, suggestions and feedback",
    ),
    ("sarana", "Sarana dan prasarana", "Facilities and infrastructure"),
)
"""(code, Indonesian name, English name), in the regulation's order."""
ELEMENT_COUNT: Final = len(ELEMENTS)
MIN_SCORE: Final = 1
MAX_SCORE: Final = 4
IKM_FACTOR: Final = 25
CENT: Final = Decimal("0.01")

GRADES: Final = (
    # (lowest rounded IKM, grade, performance in Indonesian, in English)
    (Decimal("88.31"), "A", "sangat baik", "very good"),
    (Decimal("76.61"), "B", "baik", "good"),
    (Decimal("65.00"), "C", "kurang baik", "not good enough"),
    (Decimal("25.00"), "D", "tidak baik", "poor"),
)


class SurveyInputError(ValueError):
    """Scores that are not nine whole numbers from 1 to 4."""

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_id = message_id
        self.message_en = message_en


def parse_scores(text: str) -> tuple[int, ...]:
    """`4,3,4,4,3,4,4,3,4` -> the nine scores; anything else is refused with a clear message."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != ELEMENT_COUNT or not all(part.isdigit() for part in parts):
        raise SurveyInputError(
            f"Nilai harus {ELEMENT_COUNT} angka 1-4 dipisah koma, mis. 4,3,4,4,3,4,4,3,4",
            f"Scores must be {ELEMENT_COUNT} numbers 1-4 separated by commas, "
            "e.g. 4,3,4,4,3,4,4,3,4",
        )
    return check_scores(int(part) for part in parts)


def check_scores(scores: Iterable[int]) -> tuple[int, ...]:
    values = tuple(scores)
    if len(values) != ELEMENT_COUNT or any(
        isinstance(v, bool) or not isinstance(v, int) or not MIN_SCORE <= v <= MAX_SCORE
        for v in values
    ):
        raise SurveyInputError(
            f"Setiap unsur dinilai 1 sampai 4 ({ELEMENT_COUNT} unsur)",
            f"Each element is rated 1 to 4 ({ELEMENT_COUNT} elements)",
        )
    return values


def round_cents(value: Fraction) -> Decimal:
    """Half up to 2 decimals, exactly (no binary floating point on the way)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


def grade_of(ikm: Decimal) -> tuple[str, str, str]:
    """The grade and its performance words (Indonesian, English) of a rounded IKM."""
    for lowest, grade, words_id, words_en in GRADES:
        if ikm >= lowest:
            return grade, words_id, words_en
    raise ValueError(f"IKM {ikm} is below 25.00, which nine scores of 1-4 cannot give")


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    element_averages: tuple[Fraction, ...]
    """Exact; empty when nobody answered."""

    @property
    def has_data(self) -> bool:
        return self.respondents > 0

    @property
    def ikm(self) -> Decimal | None:
        if not self.has_data:
            return None
        mean = sum(self.element_averages, Fraction(0)) / ELEMENT_COUNT
        return round_cents(mean * IKM_FACTOR)

    @property
    def grade(self) -> str | None:
        ikm = self.ikm
        return None if ikm is None else grade_of(ikm)[0]

    def as_dict(self) -> dict[str, Any]:
        """What `survey report --json` prints on kiosk and server: the element averages and
        the IKM rounded to 2 decimals, or nulls with a "no data" message."""
        ikm = self.ikm
        if ikm is None:
            return {
                "respondents": 0,
                "elements": [],
                "ikm": None,
                "grade": None,
                "message": "Belum ada data survei untuk periode ini / "
                "no survey data for this period",
            }
        grade, words_id, words_en = grade_of(ikm)
        return {
            "respondents": self.respondents,
            "elements": [float(round_cents(avg)) for avg in self.element_averages],
            "ikm": float(ikm),
            "grade": grade,
            "performance": f"{words_id} / {words_en}",
        }


def from_averages(averages: Sequence[Fraction | Decimal | str], respondents: int) -> IkmResult:
    """An index from element averages already known (e.g. the regulation's worked example)."""
    if len(averages) != ELEMENT_COUNT:
        raise ValueError(f"{ELEMENT_COUNT} element averages needed, got {len(averages)}")
    return IkmResult(respondents, tuple(Fraction(a) for a in averages))


def compute(responses: Iterable[Sequence[int]]) -> IkmResult:
    """The index of a set of responses (each nine scores)."""
    totals = [0] * ELEMENT_COUNT
    count = 0
    for scores in responses:
        for index, score in enumerate(check_scores(scores)):
            totals[index] += score
        count += 1
    if count == 0:
        return IkmResult(0, ())
    return IkmResult(count, tuple(Fraction(total, count) for total in totals))


def check_period(text: str) -> str:
    """`2026-11` (a month): the reporting period the regulation's recaps use."""
    year, sep, month = text.partition("-")
    if not (sep and len(year) == 4 and year.isdigit() and month.isdigit() and len(month) == 2):
        raise SurveyInputError(
            "Periode harus berbentuk TTTT-BB, mis. 2026-11",
            "The period must look like YYYY-MM, e.g. 2026-11",
        )
    if not 1 <= int(month) <= 12:
        raise SurveyInputError("Bulan harus 01-12", "The month must be 01-12")
    return text


def report_text(data: dict[str, Any], period: str) -> str:
    """`as_dict()` as lines a person reads (kiosk and server commands print the same)."""
    if data["ikm"] is None:
        return f"{period}: {data['message']}\n"
    lines = [
        f"IKM {period}: {data['ikm']:.2f} ({data['grade']}, {data['performance']})",
        f"Responden / respondents: {data['respondents']}",
    ]
    for (_code, name_id, name_en), average in zip(ELEMENTS, data["elements"], strict=True):
        lines.append(f"  {average:.2f}  {name_id} / {name_en}")
    return "\n".join(lines) + "\n"
