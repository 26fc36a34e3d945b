"""What the interview hands a user interface, and what an interface must do (`UI`).

The terminal interface is careerplan/assess/prompts.py; tests answer with a stub that
implements the same protocol.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from careerplan.model.assessment import Question


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()
"""No default to offer (None is a real default: "not sure" for a rating)."""

Widget = Literal["text", "select", "checkbox", "order"]


@dataclass(frozen=True)
class Step:
    """One prompt: a question, or one area of the ratings question."""

    question: Question
    key: str | None = None

    @property
    def id(self) -> str:
        return f"{self.question.id}.{self.key}" if self.key else self.question.id


@dataclass(frozen=True)
class Option:
    value: Any
    label: str
    help: str = ""
    key: str = ""  # the key that picks it, from the data (a rating's level); "": in order


@dataclass(frozen=True)
class Prompt:
    """Everything a UI needs to ask one step."""

    step: Step
    kind: Widget
    message: str
    help: str
    options: list[Option]
    default: Any
    number: int
    total: int
    section: str
    validate: Callable[[Any], str | None]
    note: str = ""  # shown beside the message, e.g. "(area 3 of 16)"
    intro: str = ""  # shown once before a group of steps (the ratings)
    typed: Callable[[Any], str] = str  # a value as the person would type it (the default)


@dataclass(frozen=True)
class ReviewRow:
    step: Step | None  # None for a field that no question asks (mentor)
    label: str
    text: str
    source: str  # "answered", "not answered", or where a given answer came from
    level: int | None = None  # a rating row: the rating (None: not rated) ...
    top: int | None = None  # ... and the top of the scale


class UI(Protocol):
    """Everything `careerplan assess` asks of a user interface."""

    def welcome(
        self,
        total: int,
        sections: list[str],
        *,
        resumed: int = 0,
        previous: str | None = None,
        given_from: str | None = None,
    ) -> None: ...

    def section(self, title: str, number: int, total: int) -> None: ...

    def ask(self, prompt: Prompt) -> Any: ...

    def understood(self, text: str) -> None:
        """Echo an answer typed in another form ("6 months" is 0.5 years)."""

    def review(self, rows: list[ReviewRow], stage: str | None) -> Step | None: ...

    def offer_resume(self, summary: str) -> bool: ...

    def ask_path(self, default: Path, message: str = ...) -> Path: ...

    def confirm(self, message: str, *, default: bool = False, help: str = "") -> bool: ...
