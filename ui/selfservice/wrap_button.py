"""A push button whose words can wrap: a QPushButton draws one line, cut on both sides when
it is wider than the button (the citizen's long answers and "Pindai kode QR tanda terima" at
the largest text). With `set_wrap(True)` its words go onto as many lines as its width needs
and it grows in height; the wrapped lines are its text (what it draws), the whole sentence its
accessible name. Not wrapping it is a plain QPushButton."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QStyle, QStyleOptionButton, QWidget

ICON_GAP_PX = 4
"""Beside an icon, as QPushButton's own size hint counts it."""


class WrapButton(QPushButton):
    def __init__(self, parent: QWidget | None = None, *, wrap: bool = False) -> None:
        super().__init__(parent)
        self.wraps = False
        self.sentence = ""
        self.set_wrap(wrap)

    def set_wrap(self, wrap: bool) -> None:
        if wrap == self.wraps:
            return
        self.wraps = wrap
        policy = QSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        if wrap:
            # As tall as its lines at the width it is given (its height for that width).
            policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setText(self.sentence)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self.sentence = text
        self.setAccessibleName(text if self.wraps else "")
        super().setText(self._lines(self.width()) if self.wraps else text)
        self.updateGeometry()

    def _padding(self) -> int:
        """Width of the border, the padding and the icon beside the text (the style's)."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        line = self.fontMetrics().lineSpacing()
        wide = 10_000
        outer = self.style().sizeFromContents(
            QStyle.ContentsType.CT_PushButton, option, QSize(wide, line), self
        )
        icon = 0 if self.icon().isNull() else self.iconSize().width() + ICON_GAP_PX
        return outer.width() - wide + icon

    def _lines(self, width: int) -> str:
        """The sentence broken at spaces so that each line fits `width` (a word longer than
        the room stays whole on its own line)."""
        room = width - self._padding()
        metrics = self.fontMetrics()
        lines: list[str] = []
        line = ""
        for word in self.sentence.split(" "):
            wider = f"{line} {word}" if line else word
            if line and metrics.horizontalAdvance(wider) > room:
                lines.append(line)
                line = word
            else:
                line = wider
        lines.append(line)
        return "\n".join(lines)

    def _height_of(self, text: str) -> int:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = text
        size = self.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, text)
        if not self.icon().isNull():
            size.setHeight(max(size.height(), self.iconSize().height()))
        outer = self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, size, self)
        return max(outer.height(), self.minimumHeight())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return self.wraps

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        if not self.wraps:
            return super().heightForWidth(width)
        return self._height_of(self._lines(width))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        if not self.wraps:
            return hint
        # As narrow as its longest word: the layout gives it the width there is, and the
        # words wrap to it (a one-line hint held the steps wider than a 1024 px screen).
        metrics = self.fontMetrics()
        longest = max((metrics.horizontalAdvance(w) for w in self.sentence.split()), default=0)
        width = max(longest + self._padding(), self.minimumWidth())
        return QSize(width, self.heightForWidth(max(width, self.width())))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.sizeHint() if self.wraps else super().minimumSizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._rewrap(changed_font=False)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        # Another text size or style sheet at the same width: the lines of the old font
        # would be too long (or break too early).
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._rewrap(changed_font=True)

    def _rewrap(self, *, changed_font: bool) -> None:
        if not self.wraps:
            return
        lines = self._lines(self.width())
        rewrapped = lines != self.text()
        if rewrapped:
            super().setText(lines)
        if rewrapped or changed_font:
            self.updateGeometry()
