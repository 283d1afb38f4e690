"""What a citizen may choose for their own session, and the reset for the next person.

Text size (3 steps), high contrast, voice guidance and language are the citizen's, not the
office's: like VotingWorks VxMark, every choice goes back to the default when the session is
wiped, so the next person never inherits a stranger's settings. No Qt widgets here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ui.design.tokens import DEFAULT, HIGH_CONTRAST, TextSize, Theme

TEXT_STEPS = (TextSize.NORMAL, TextSize.LARGE, TextSize.LARGEST)


@dataclass
class CitizenPreferences:
    text_size: TextSize = TextSize.NORMAL
    high_contrast: bool = False
    voice: bool = False
    language: str = "id"

    @property
    def theme(self) -> Theme:
        return HIGH_CONTRAST if self.high_contrast else DEFAULT

    def larger_text(self) -> TextSize:
        """One step larger, wrapping from the largest back to normal (one button, 3 steps)."""
        index = TEXT_STEPS.index(self.text_size)
        self.text_size = TEXT_STEPS[(index + 1) % len(TEXT_STEPS)]
        return self.text_size

    def reset(self) -> None:
        fresh = CitizenPreferences()
        self.text_size, self.high_contrast = fresh.text_size, fresh.high_contrast
        self.voice, self.language = fresh.voice, fresh.language
