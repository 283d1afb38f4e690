"""The guiding questions: a walk over the catalog's question tree, with back.

The questions and their options are catalog data (resources/catalog/services.json), so a
district changes the path to a service by editing a file. The walk remembers each answer as
(question id, option index) so it can step back, be shown on the review screen and be saved
in a draft; a draft written against an older catalog replays as far as it still fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.catalog import CatalogView, Question, Text
from kiosk.errors import CatalogError


@dataclass(frozen=True)
class Answer:
    question: Text
    answer: Text


class Questionnaire:
    def __init__(self, catalog: CatalogView) -> None:
        self.catalog = catalog
        self.path: list[tuple[str, int]] = []
        self.service: str | None = None
        self._current = catalog.first_question.id

    @property
    def current(self) -> Question | None:
        """The question to answer now, or None once a service is chosen."""
        return None if self.service is not None else self.catalog.question(self._current)

    @property
    def can_go_back(self) -> bool:
        return bool(self.path)

    def choose(self, index: int) -> str | None:
        """Answers the current question; returns the service code when the walk ends there."""
        question = self.current
        if question is None:
            raise ValueError("the questions are already answered")
        if not 0 <= index < len(question.options):
            raise IndexError(f"question {question.id} has no option {index}")
        option = question.options[index]
        self.path.append((question.id, index))
        if option.service is not None:
            self.service = option.service
            return option.service
        assert option.next is not None  # the schema guarantees exactly one target
        self._current = option.next
        return None

    def back(self) -> bool:
        """Undoes the last answer; False when already at the first question."""
        if not self.path:
            return False
        question_id, _ = self.path.pop()
        self.service = None
        self._current = question_id
        return True

    def reset(self) -> None:
        self.path.clear()
        self.service = None
        self._current = self.catalog.first_question.id

    def start_at_service(self, service: str) -> None:
        """For a correction: the service is known, no question is asked."""
        self.catalog.service(service)  # raises CatalogError when it is gone
        self.path.clear()
        self.service = service

    def answers(self) -> list[Answer]:
        """What was asked and answered, in order (for the review screen)."""
        found = []
        for question_id, index in self.path:
            question = self.catalog.question(question_id)
            found.append(Answer(question.text, question.options[index].label))
        return found

    def to_dict(self) -> dict[str, Any]:
        return {"path": [list(step) for step in self.path], "service": self.service}

    def restore(self, data: dict[str, Any]) -> None:
        """Replays saved answers; stops at the first one the current catalog no longer has."""
        self.reset()
        for step in data.get("path", []):
            question = self.current
            if question is None or list(step)[0] != question.id:
                break
            try:
                self.choose(int(list(step)[1]))
            except (IndexError, ValueError, CatalogError):
                break
        service = data.get("service")
        if self.service is None and not self.path and isinstance(service, str):
            try:
                self.start_at_service(service)
            except CatalogError:
                self.reset()
