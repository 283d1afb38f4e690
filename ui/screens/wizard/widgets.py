"""Small pieces shared by the wizard's steps: big keyboard-friendly buttons, the step page base,
colours and text helpers for bilingual catalog and validator texts."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QFont,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from devices.errors import DeviceError
from kiosk.catalog import Text
from kiosk.errors import ApplicationInvalid, KioskError
from kiosk.validation import Issue, Severity
from ui.context import AppContext
from ui.design.tokens import DEFAULT
from ui.selfservice import SELF_SERVICE
from ui.selfservice.session import citizen_session
from ui.selfservice.wrap_button import WrapButton
from ui.viewmodels.wizard import WizardModel

log = logging.getLogger("kiosk.ui")
ERROR_COLOUR = DEFAULT.error
WARNING_COLOUR = DEFAULT.caution
OK_COLOUR = DEFAULT.ok
MUTED_COLOUR = DEFAULT.muted_text


@dataclass(frozen=True)
class InlineColours:
    """The colours of the wizard's inline rich-text messages (spans inside labels)."""

    ok: str
    warning: str
    error: str
    muted: str


COUNTER_COLOURS = InlineColours(OK_COLOUR, WARNING_COLOUR, ERROR_COLOUR, MUTED_COLOUR)
"""The counter's: the design's DEFAULT theme, 7:1 on the counter's white window."""


def inline_colours(context: AppContext) -> InlineColours:
    """The counter's colours, or the citizen's theme tokens while a citizen uses the wizard
    (the counter's dark red and green would be unreadable on the high-contrast black)."""
    if context.operator != SELF_SERVICE:
        return COUNTER_COLOURS
    theme = citizen_session(context).preferences.theme
    return InlineColours(theme.ok, theme.caution, theme.error, theme.muted_text)


def language(context: AppContext) -> str:
    return "en" if context.languages.language == "en" else "id"


def pick(text: Text | None, lang: str) -> str:
    return text.get(lang) if text is not None else ""


def issue_text(item: Issue, lang: str) -> str:
    return item.message_en if lang == "en" else item.message_id


def coloured(text: str, colour: str) -> str:
    """Plain `text` as a rich-text span in `colour`."""
    return f"<span style='color:{colour}'>{html.escape(text)}</span>"


def issue_html(
    item: Issue,
    lang: str,
    acknowledged: bool = False,
    colours: InlineColours = COUNTER_COLOURS,
) -> str:
    """One validator message, red for errors, amber for warnings, grey when checked."""
    text = html.escape(issue_text(item, lang))
    if item.severity is Severity.ERROR:
        return f"<span style='color:{colours.error}; font-weight:bold'>✖ {text}</span>"
    if item.severity is Severity.WARNING:
        colour = colours.muted if acknowledged else colours.warning
        return f"<span style='color:{colour}'>⚠ {text}</span>"
    return f"<span style='color:{colours.muted}'>ℹ {text}</span>"


def error_text(error: Exception, lang: str, fallback: str) -> str:
    """What to tell the operator about a failed background job, in their language.

    Typed errors (kiosk and device layers) carry their own bilingual text; anything else is a
    bug, logged by type only (never with citizen data) and shown as `fallback`.
    """
    if isinstance(error, ApplicationInvalid):
        texts = [i.get("message_en" if lang == "en" else "message", "") for i in error.issues]
        return "; ".join(t for t in texts if t) or fallback
    if isinstance(error, KioskError | DeviceError):
        return error.message_en if lang == "en" else error.message_id
    log.error("wizard task failed: %s", type(error).__name__)
    return fallback


def pixmap_from(data: bytes) -> QPixmap:
    """A pixmap of a small thumbnail JPEG (full images are never decoded on this thread)."""
    image = QImage.fromData(data)
    return QPixmap.fromImage(image) if not image.isNull() else QPixmap()


def scaled(pixmap: QPixmap, width: int, height: int) -> QPixmap:
    if pixmap.isNull():
        return pixmap
    return pixmap.scaled(
        width,
        height,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


class BigButton(WrapButton):
    """A touch-sized button that Enter activates and the arrow keys leave. Not wrapping (the
    counter's), it is one line as it always was; the citizen's answers wrap (`set_wrap`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(64)
        font = QFont(self.font())
        font.setPointSize(max(font.pointSize() + 3, 14))
        self.setFont(font)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
        elif key == Qt.Key.Key_Down:
            self.focusNextChild()
        elif key == Qt.Key.Key_Up:
            self.focusPreviousChild()
        else:
            super().keyPressEvent(event)


class FocusScrollArea(QScrollArea):
    """A frameless, vertically scrolling area that keeps the focused widget in view (Tab, Enter
    to the next field, or the focus put on a field with an error)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        body = self.widget()
        if new is not None and body is not None and body.isAncestorOf(new):
            self.ensureWidgetVisible(new, 8, 8)


class StepPage(QWidget):
    """One step of the wizard. The screen calls enter/leave; pages report by signal.

    Signals:
        edited(): content changed (debounced autosave).
        committed(): a unit of work finished, e.g. a document captured (save now).
        advance(): the page asks to go on (Enter on the last field).
    """

    edited = Signal()
    committed = Signal()
    advance = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context

    @property
    def lang(self) -> str:
        return language(self.context)

    @property
    def colours(self) -> InlineColours:
        return inline_colours(self.context)

    def show_model(self, model: WizardModel) -> None:
        """Fills the page from the wizard's state."""

    def scrolling_body(self) -> tuple[QWidget, QVBoxLayout]:
        """The page's content area: a body that scrolls when the screen is small (1024x768),
        and scrolls by itself to whatever the keyboard moves the focus to."""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = FocusScrollArea(self)
        body = QWidget(scroll)
        layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll)
        return body, layout

    def enter_advances(self) -> None:
        """Enter anywhere on the page means "go on" (pages without text fields)."""
        for key in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda: self.advance.emit())

    def focus_first(self) -> None:
        self.setFocus()

    def focus_blockers(self, blockers: list[str]) -> None:
        """Puts the focus where the first problem is (fields, documents)."""
        self.focus_first()

    def blocker_text(self, blockers: list[str]) -> str:
        """What keeps the step from going on, in words ("" for the red marks' message)."""
        return ""

    def suspend(self) -> None:
        """The page is hidden: release devices."""

    def resume(self) -> None:
        """The page is visible again."""

    def retranslate(self) -> None:
        """Sets every text again (language switch)."""
