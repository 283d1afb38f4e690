"""The draft autosaver: debounced, one save at a time, never an older state after a newer."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from ui.screens.wizard import autosave
from ui.screens.wizard.autosave import Autosaver
from ui.tasks import TaskRunner

pytestmark = pytest.mark.gui


class Recorder:
    """A save job that records what it saved; `gate` holds a save in flight."""

    def __init__(self) -> None:
        self.state = 0
        self.saved: list[int] = []
        self.gate = threading.Event()
        self.gate.set()

    def snapshot(self) -> tuple[Any, tuple[Any, ...]] | None:
        return (self.save, (self.state,)) if self.state else None

    def save(self, state: int) -> None:
        self.gate.wait(10)
        self.saved.append(state)


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    monkeypatch.setattr(autosave, "DEBOUNCE_MS", 50)
    return Recorder()


def test_edits_in_quick_succession_are_saved_once(qtbot: QtBot, recorder: Recorder) -> None:
    tasks = TaskRunner()
    saver = Autosaver(tasks, recorder.snapshot)
    for state in range(1, 6):
        recorder.state = state
        saver.schedule()
    qtbot.waitUntil(lambda: saver.saves == 1)
    assert recorder.saved == [5]
    tasks.wait()


def test_a_change_during_a_save_is_saved_after_it_with_the_newest_state(
    qtbot: QtBot, recorder: Recorder
) -> None:
    tasks = TaskRunner()
    saver = Autosaver(tasks, recorder.snapshot)
    recorder.gate.clear()
    recorder.state = 1
    saver.save_now()
    assert saver.in_flight
    recorder.state = 2
    saver.save_now()
    recorder.state = 3
    saver.save_now()
    leaving = (recorder.save, (99,))
    saver.save_this(leaving)  # another application's last state, queued in order
    done: list[str] = []
    saver.flush(lambda: done.append("flushed"))
    recorder.gate.set()
    qtbot.waitUntil(lambda: done == ["flushed"], timeout=10_000)
    assert recorder.saved == [1, 99, 3]
    tasks.wait()


def test_after_stop_nothing_is_saved_any_more(qtbot: QtBot, recorder: Recorder) -> None:
    tasks = TaskRunner()
    saver = Autosaver(tasks, recorder.snapshot)
    recorder.state = 7
    saver.schedule()
    saver.stop()
    saver.save_now()
    done: list[str] = []
    saver.flush(lambda: done.append("flushed"))
    assert done == ["flushed"]
    tasks.wait()
    assert recorder.saved == []


def test_a_save_that_lands_after_its_window_is_gone_is_dropped_quietly(
    qtbot: QtBot, recorder: Recorder
) -> None:
    """The save still writes the draft (nothing is lost); only the notice to a screen that no
    longer exists is dropped, instead of 'Signal source has been deleted' on the main thread."""
    tasks = TaskRunner()
    owner = QObject()
    saver = Autosaver(tasks, recorder.snapshot, parent=owner)
    recorder.gate.clear()
    recorder.state = 4
    saver.save_now()
    assert saver.in_flight
    shiboken6.delete(owner)  # the window torn down while the save runs
    recorder.gate.set()
    tasks.wait()
    qtbot.wait(50)  # the result is delivered to the main thread
    assert recorder.saved == [4]
