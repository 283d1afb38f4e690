from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.local_store import Store
from kiosk.settings import Settings
from ui import thread_guard
from ui.context import AppContext
from ui.i18n import LanguageManager
from ui.tasks import TaskRunner


@pytest.fixture
def context(qapp: QApplication, data_dir: Path) -> Iterator[AppContext]:
    store = Store.open(data_dir)
    thread_guard.install(store.core)  # widget code touching the store on this thread fails
    languages = LanguageManager(qapp)
    ctx = AppContext(store=store, settings=Settings(), tasks=TaskRunner(), languages=languages)
    yield ctx
    ctx.tasks.wait()
    languages.set_language("id")
    store.close()
