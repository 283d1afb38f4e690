"""Every colour of the UI comes from the design tokens (ui/design/tokens.py): a hex colour
written anywhere else in the ui package is a colour the contrast checks never see."""

from __future__ import annotations

import re
from pathlib import Path

import ui

UI = Path(ui.__file__).parent
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|QColor\(\s*[\"']#")
ALLOWED = {
    "design/tokens.py": "the tokens themselves",
    "design/stylesheet.py": "built from the tokens",
}


def hex_colour_lines(text: str) -> list[tuple[int, str]]:
    return [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if HEX_COLOUR.search(line)
    ]


def hex_colours(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [f"{path.relative_to(UI)}:{n}: {line}" for n, line in hex_colour_lines(text)]


def test_no_hex_colour_outside_the_design_tokens() -> None:
    found = [
        hit
        for path in sorted(UI.rglob("*.py"))
        if path.relative_to(UI).as_posix() not in ALLOWED
        for hit in hex_colours(path)
    ]
    assert found == []


def test_the_check_finds_hex_colours_and_not_other_hashes() -> None:
    text = 'A = QColor("#a0001c")\nB = "color: #B00020;"\nC = "#12"\n# a comment, #1 of 2\n'
    assert [n for n, _ in hex_colour_lines(text)] == [1, 2]
