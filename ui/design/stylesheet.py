"""The Qt style sheet of the self-service screens, built from the tokens for one theme and one
text size. Applied to the self-service root widget only (and to the wizard while a citizen
uses it), so the counter screens keep theirs.

Widgets pick their role by objectName or the `role` property: `role="choice"` (a big start
choice), `role="primary"`, `role="key"` (on-screen keypad/keyboard), `role="title"`,
`role="hint"`, `role="warning"`, `role="result"` (the outcome of an action, e.g. a print).
"""

from __future__ import annotations

from ui.design.tokens import (
    BAR_TEXT_PT,
    CHOICE_HEIGHT_PX,
    FOCUS_WIDTH_PX,
    KEY_PX,
    MIN_TARGET_PX,
    SPACING_PX,
    STEP_TITLE_MAX_PT,
    TextSize,
    Theme,
    type_scale,
)

KEY_BORDER_PX = 2
"""Every self-service button's border (the keys' too)."""
SURVEY_KEY_PX = MIN_TARGET_PX - 2 * KEY_BORDER_PX
"""Inside the border: the survey's keys are then MIN_TARGET_PX tall in all."""


def build_stylesheet(theme: Theme, size: TextSize, root: str = "selfservice_root") -> str:
    """The sheet for the widget named `root` and everything inside it (the touch screens'
    root, or the wizard while a citizen uses it)."""
    scale = type_scale(size)
    # At the largest text a 45 pt title beside "Kembali ke awal" and "Ulangi" took two lines
    # at 1024 px ("Survei / kepuasan"), the room of the survey's last two rows of keys. The
    # wizard's step name is its title in a citizen's hands: the same cap keeps it from the
    # room of the form and the keys.
    title = min(scale.title, STEP_TITLE_MAX_PT)
    t = theme
    s = SPACING_PX
    sheet = f"""
QWidget#selfservice_root, QWidget#selfservice_root QWidget {{
    background: {t.background}; color: {t.text}; font-size: {scale.body}pt;
}}
#selfservice_root QLabel[role="title"] {{ font-size: {title}pt; font-weight: bold; }}
#selfservice_root QLabel[role="hint"] {{ color: {t.muted_text}; }}
#selfservice_root QLabel[role="warning"] {{
    background: {t.warning}; color: {t.on_warning}; padding: {s[2]}px; border-radius: 8px;
}}
#selfservice_root QLabel[role="result"] {{
    font-size: {scale.choice}pt; font-weight: bold; border: {FOCUS_WIDTH_PX}px solid {t.border};
    border-radius: 12px; padding: {s[2]}px; min-height: {CHOICE_HEIGHT_PX}px;
}}
#selfservice_root QLabel[role="display"] {{
    font-size: {scale.keypad}pt; font-family: monospace; border: 2px solid {t.border};
    border-radius: 8px; padding: {s[2]}px; background: {t.background};
}}
#selfservice_root QPushButton {{
    background: {t.surface}; color: {t.on_surface}; border: {KEY_BORDER_PX}px solid {t.border};
    border-radius: 12px; padding: {s[1]}px {s[2]}px; min-height: {MIN_TARGET_PX + 12}px;
    min-width: {MIN_TARGET_PX + 12}px; font-size: {scale.body}pt;
}}
#selfservice_root #choices_bar QPushButton, #selfservice_root QPushButton#repeat,
#selfservice_root QPushButton#home, #selfservice_root QPushButton#staff {{
    padding: {s[1]}px {s[1]}px; font-size: {BAR_TEXT_PT}pt;
}}
#selfservice_root QPushButton[role="primary"] {{
    background: {t.primary}; color: {t.on_primary}; border-color: {t.primary};
    font-weight: bold;
}}
#selfservice_root QPushButton[role="choice"] {{
    background: {t.primary}; color: {t.on_primary}; border-color: {t.primary};
    min-height: {CHOICE_HEIGHT_PX}px; font-size: {scale.choice}pt; font-weight: bold;
    text-align: left; padding: {s[2]}px {s[3]}px;
}}
#selfservice_root QPushButton[role="key"] {{
    min-width: {KEY_PX}px; min-height: {KEY_PX}px; font-size: {scale.keypad}pt; padding: 0px;
}}
#selfservice_root QPushButton:checked {{
    background: {t.pressed}; color: {t.on_pressed}; border-color: {t.focus};
}}
#selfservice_root QPushButton:pressed {{ background: {t.pressed}; color: {t.on_pressed}; }}
#selfservice_root QScrollBar:vertical {{ width: {MIN_TARGET_PX}px; background: {t.surface}; }}
#selfservice_root QScrollBar::handle:vertical {{
    background: {t.border}; min-height: {MIN_TARGET_PX}px; border-radius: 8px;
}}
#selfservice_root QPushButton:focus {{ border: {FOCUS_WIDTH_PX}px solid {t.focus}; }}
#selfservice_root QCheckBox, #selfservice_root QRadioButton {{
    min-height: {MIN_TARGET_PX + 12}px; spacing: {s[2]}px;
}}
#selfservice_root QCheckBox::indicator, #selfservice_root QRadioButton::indicator {{
    width: {MIN_TARGET_PX - 8}px; height: {MIN_TARGET_PX - 8}px;
    border: {FOCUS_WIDTH_PX}px solid {t.text}; border-radius: 6px; background: {t.background};
}}
#selfservice_root QCheckBox::indicator:checked {{
    background: {t.primary}; border-color: {t.primary};
}}
#selfservice_root QLineEdit, #selfservice_root QComboBox {{
    min-height: {MIN_TARGET_PX + 12}px; border: 2px solid {t.border}; border-radius: 8px;
    padding: 0 {s[2]}px;
}}
#selfservice_root QLineEdit:focus, #selfservice_root QComboBox:focus {{
    border: {FOCUS_WIDTH_PX}px solid {t.focus};
}}
"""
    # Beside the wizard's form the keys are smaller (44 px inside their 2 px border, 48 px in
    # all, above the 44 px floor), so the keyboard's ten a row and the form both fit 1366x768;
    # in "Huruf besar" the typed text is in the body size, not larger, so the last row
    # ("spasi / ⌫ / Berikutnya") fits too. The keys stay 48 px tall at every text size: at the
    # largest a 30 pt letter's own line would make them taller and push the last row off a
    # 768 px screen (the letter still fits).
    # The survey's suggestion keyboard (#survey_keyboard) the same: at 72 px its last two
    # rows were under the fold even at the normal text size. Its letters are bold: a thin
    # mark (the apostrophe) at the body size is otherwise drawn mostly in blended pixels.
    # Its keys are 44 px with their border, not 44 px inside it: at 1024x768 in the largest
    # text the last row was under the fold.
    sheet += f"""
#selfservice_root #touch_input QPushButton[role="key"],
#selfservice_root #survey_keyboard QPushButton[role="key"] {{
    min-width: {MIN_TARGET_PX}px; min-height: {MIN_TARGET_PX}px; max-height: {MIN_TARGET_PX}px;
    font-size: {scale.body}pt; padding: 0px; border-radius: 8px;
}}
#selfservice_root #touch_input QLabel[role="display"] {{
    font-size: {scale.body}pt; padding: {s[1]}px;
}}
#selfservice_root #survey_keyboard QPushButton[role="key"] {{
    font-weight: bold; min-height: {SURVEY_KEY_PX}px; max-height: {SURVEY_KEY_PX}px;
}}
#selfservice_root #survey_keyboard QLabel[role="display"] {{
    font-size: {scale.body}pt; padding: {s[0]}px {s[1]}px;
}}
"""
    return sheet.replace("selfservice_root", root)
