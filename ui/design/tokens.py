"""Design tokens: every colour, size and gap a screen uses, named for what it is for.

Colours come in pairs (text on background) that reach WCAG 2.2 AAA contrast, 7:1 or more;
tests/ui/design checks every pair with `contrast_ratio`, and the self-service screen test
checks the colours the real widgets paint. Sizes are in points and pixels at the three text
steps a citizen can choose.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Final


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    text: str
    muted_text: str
    """Secondary text (hints); still 7:1 on the background."""
    primary: str
    """Background of the main action buttons."""
    on_primary: str
    surface: str
    """Background of ordinary buttons and cards."""
    on_surface: str
    border: str
    focus: str
    pressed: str
    on_pressed: str
    warning: str
    on_warning: str
    ok: str
    """Inline text that says something went well (a captured document, a printed receipt)."""
    caution: str
    """Inline text that asks for a look (a warning beside a field, a blurred photo)."""
    error: str
    """Inline text that says what is wrong and stops the step."""

    def pairs(self) -> dict[str, tuple[str, str]]:
        """Every (text, background) pair a screen paints, for the contrast checks."""
        return {
            "text": (self.text, self.background),
            "muted_text": (self.muted_text, self.background),
            "primary": (self.on_primary, self.primary),
            "surface": (self.on_surface, self.surface),
            "pressed": (self.on_pressed, self.pressed),
            "warning": (self.on_warning, self.warning),
            "ok": (self.ok, self.background),
            "caution": (self.caution, self.background),
            "error": (self.error, self.background),
        }


DEFAULT: Final = Theme(
    name="default",
    background="#ffffff",
    text="#1a1a1a",
    muted_text="#3d3d3d",
    primary="#0a3d7a",
    on_primary="#ffffff",
    surface="#eef2f8",
    on_surface="#10243e",
    border="#4a5b70",
    focus="#b34700",
    pressed="#062a55",
    on_pressed="#ffffff",
    warning="#fff1c2",
    on_warning="#3b2a00",
    ok="#155724",
    caution="#704400",
    error="#b00020",
)
HIGH_CONTRAST: Final = Theme(
    name="high_contrast",
    background="#000000",
    text="#ffffff",
    muted_text="#f0f0f0",
    primary="#ffe600",
    on_primary="#000000",
    surface="#000000",
    on_surface="#ffffff",
    border="#ffffff",
    focus="#00e5ff",
    pressed="#ffffff",
    on_pressed="#000000",
    warning="#ffe600",
    on_warning="#000000",
    ok="#7dff8a",
    caution="#ffd24d",
    error="#ff9e9e",
)


class TextSize(IntEnum):
    """The three text sizes a citizen can choose; the value is the body text in points."""

    NORMAL = 20
    LARGE = 24
    LARGEST = 30


MIN_TEXT_PT: Final = 18
MIN_TARGET_PX: Final = 44
"""WCAG 2.5.5 (AAA) target size; our buttons are far larger, this is the floor."""


@dataclass(frozen=True)
class TypeScale:
    body: int
    title: int
    choice: int
    """Text on the big choice buttons."""
    keypad: int


def type_scale(size: TextSize) -> TypeScale:
    body = int(size)
    return TypeScale(
        body=body, title=round(body * 1.5), choice=round(body * 1.2), keypad=round(body * 1.4)
    )


BAR_TEXT_PT: Final = 20
"""The citizen's choices bar (on every self-service screen and under the wizard) keeps the
normal size whatever the text size: at 30 pt its buttons are wider than a 1024 px screen; the
pictures say what they are. The buttons of a screen's top row ("Kembali ke awal", "Ulangi",
"Petugas") the same, so the row reads as one (and leaves the title its line at 1024 px)."""
STEP_TITLE_MAX_PT: Final = 36
"""A title at most, a screen's and the wizard's step name (its title in a citizen's hands): at
45 pt the step name takes the room of the form and the keys."""


SPACING_PX: Final = (4, 8, 16, 24, 40)
"""The only gaps used: xs, s, m, l, xl."""
KEY_PX: Final = 72
"""An on-screen key: far above the minimum target, an easy press for a shaking finger."""
CHOICE_HEIGHT_PX: Final = 96
FOCUS_WIDTH_PX: Final = 4


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of `#rrggbb`."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)
