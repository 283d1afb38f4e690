"""Screens of the main window. Each is a QWidget with:

- `navigate = Signal(str, dict)`: asks the window to show another screen with arguments;
- `activate(**kwargs)`: called each time the screen is shown;
- `retranslate()`: re-reads every user-facing text (runtime language switch).

SCREEN_MODULES maps a screen name to the module whose `create(context)` builds it; a module not
written yet is skipped, so screens can land one at a time.
"""

from __future__ import annotations

SCREEN_MODULES = {
    "signin": "ui.screens.signin",
    "applications": "ui.screens.applications",
    "wizard": "ui.screens.wizard",
    "detail": "ui.screens.detail",
    "recap": "ui.screens.recap",
    "about": "ui.screens.about",
    "visits": "ui.screens.visits",
    "start": "ui.selfservice.start",
    "survey": "ui.selfservice.survey",
    "status": "ui.selfservice.status",
}
