"""One class per kind of answer: how it is parsed, checked, offered, shown and exemplified.

A question's `kind:` in catalogue/assessment.yaml picks its class (`KINDS`). Each class
answers the same questions about its answers, so the interview never branches on a kind:

- `options(before)`: the choices offered, given the answers before it;
- `check(value, before)`: the typed answer as at a prompt, or AnswerError saying what is
  allowed; `check_given(value)` the same for an answers file or `--set` (against the whole
  vocabulary: choices hidden at a prompt are allowed there);
- `fit(value, before)`: an old answer trimmed to what is offered now (for defaults);
- `show(value)`: the answer in words; `as_typed(value)`: as the person would type it;
- `understood(raw, value)`: the answer in words when it was typed in another form
  ("6 months" -> "0.5 years"), to echo it back;
- `example`: a placeholder for the missing-answer message (`--set field=EXAMPLE`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

from careerplan import wording
from careerplan.assess.fields import bounds, get_path, max_length, when_holds
from careerplan.assess.ui import Option, Widget
from careerplan.model.assessment import Assessment, Question, Term
from careerplan.model.profile import MAX_ITEMS, default_start
from careerplan.model.types import suggestion
from careerplan.parsing import (
    FALSE,
    TRUE,
    AnswerError,
    items,
    parse_date,
    parse_number,
    parse_quantity,
    parse_years,
)

START_AHEAD_YEARS = 2
"""A plan may start at most this many years after the assessment (catches typos)."""


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---------------------------------------------------------------------------------------
# The kinds


class Kind:
    """What every kind of answer can say about itself (the defaults suit text)."""

    widget: ClassVar[Widget] = "text"
    example: ClassVar[str] = "VALUE"

    def __init__(self, question: Question, assessment: Assessment, today: dt.date):
        self.q = question
        self.assessment = assessment
        self.today = today

    def options(self, before: dict[str, Any]) -> list[Option]:
        return []

    def limit(self, before: dict[str, Any]) -> int | None:
        """How many items a list answer may hold."""
        return None

    def help(self, before: dict[str, Any]) -> str:
        return self.q.help

    def check(self, value: Any, before: dict[str, Any]) -> Any:
        raise NotImplementedError  # pragma: no cover

    def check_given(self, value: Any) -> Any:
        return self.check(value, {})

    def fit(self, value: Any, before: dict[str, Any]) -> Any:
        return value

    def restore(self, value: Any) -> Any:
        """A value kept in a draft (JSON), typed again."""
        return value

    def show(self, value: Any) -> str:
        if value is None or value == []:
            return self.q.if_none
        return self._show(value)

    def _show(self, value: Any) -> str:
        return str(value)

    def as_typed(self, value: Any) -> str:
        return "" if value is None else _plain(value)

    def understood(self, raw: Any, value: Any) -> str | None:
        return None


class Text(Kind):
    example = "TEXT"

    def check(self, value: Any, before: dict[str, Any]) -> str | None:
        return check_text(value, self.q.field, required=self.q.required)


def check_text(value: Any, path: str, *, required: bool) -> str | None:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise AnswerError("must be text")
    text = " ".join(value.split())
    from careerplan.textsafe import CONTROL, refused_char

    if bad := refused_char(value.replace("\t", " ").replace("\n", " ")):
        if CONTROL.match(bad):
            raise AnswerError("contains control characters; type plain text")
        raise AnswerError(f"contains the character U+{ord(bad):04X}, which a plan cannot hold")
    if not text:
        if required:
            raise AnswerError("an answer is needed")
        return None
    most = max_length(path)
    if most is not None and len(text) > most:
        raise AnswerError(f"is {len(text)} characters long; at most {most} allowed")
    return text


class YesNo(Kind):
    widget = "select"
    example = "yes"

    def options(self, before: dict[str, Any]) -> list[Option]:
        return [Option(True, "Yes"), Option(False, "No")]

    def check(self, value: Any, before: dict[str, Any]) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise AnswerError("answer yes or no")

    def _show(self, value: Any) -> str:
        return "Yes" if value else "No"


class Number(Kind):
    example = "NUMBER"

    @property
    def widget(self) -> Widget:  # type: ignore[override]
        return "select" if self.q.options else "text"

    def options(self, before: dict[str, Any]) -> list[Option]:
        return [Option(v, self._show(v)) for v in self.q.options or []]

    def _what(self) -> str:
        q = self.q
        if q.options:
            return f"choose {wording.or_list([str(v) for v in q.options])}"
        lo, hi = bounds(q.field)
        what = (
            f"enter a number from {wording.number(lo)} to {wording.number(hi)}"
            if lo is not None and hi is not None
            else "enter a number"
        )
        if q.default is not None and isinstance(q.default, (int, float)):
            what += f", such as {wording.number(q.default)}"
        if q.unit == "years":
            what += " (or months, such as 6 months)"
        return what

    def check(self, value: Any, before: dict[str, Any]) -> float | int:
        q = self.q
        what = self._what()
        if value is None or (isinstance(value, str) and not value.strip()):
            raise AnswerError(f"an answer is needed: {what}")
        try:
            number = parse_years(value) if q.unit == "years" else parse_quantity(value, q.display)
        except (ValueError, TypeError):
            raise AnswerError(f"'{value}' is not a number: {what}") from None
        if q.options and number not in q.options:
            raise AnswerError(f"{wording.number(number)} is not offered: {what}")
        lo, hi = bounds(q.field)
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            raise AnswerError(f"{wording.number(number)} is out of range: {what}")
        return number

    def _show(self, value: Any) -> str:
        if not self.q.display:
            return wording.number(value)
        return wording.quantity(value, self.q.display)

    def understood(self, raw: Any, value: Any) -> str | None:
        typed = isinstance(raw, str) and re.search(r"[a-z]", raw.lower())
        return self.show(value) if typed else None


class Date(Kind):
    example = "YYYY-MM-DD"

    def latest(self) -> dt.date:
        today = self.today
        if today.month == 2 and today.day == 29:
            return today + dt.timedelta(days=365 * START_AHEAD_YEARS)
        return today.replace(year=today.year + START_AHEAD_YEARS)

    def check(self, value: Any, before: dict[str, Any]) -> dt.date:
        example = wording.date(default_start(self.today))
        try:
            day = parse_date(value)
        except (ValueError, TypeError):
            raise AnswerError(
                f"'{value}' is not a real date: enter one day first, such as {example}, "
                f"{default_start(self.today):%d/%m/%Y} or {default_start(self.today).isoformat()}"
            ) from None
        if day < self.today:
            raise AnswerError(
                f"{wording.date(day)} is in the past: choose today "
                f"({wording.date(self.today)}) or later"
            )
        latest = self.latest()
        if day > latest:
            raise AnswerError(
                f"{wording.date(day)} is more than {START_AHEAD_YEARS} years "
                f"ahead: choose a date up to {wording.date(latest)}"
            )
        return day

    def restore(self, value: Any) -> Any:
        return None if value is None else parse_date(value)

    def _show(self, value: Any) -> str:
        return wording.date(parse_date(value), weekday=True)

    def as_typed(self, value: Any) -> str:
        return "" if value is None else wording.date(parse_date(value))

    def understood(self, raw: Any, value: Any) -> str | None:
        iso = isinstance(raw, (dt.date, type(None))) or re.fullmatch(
            r"\d{4}-\d{2}-\d{2}", str(raw).strip()
        )
        return None if iso or value is None else self.show(value)


class _Vocabulary(Kind):
    """Choices from one of the assessment's vocabularies (`choices:`)."""

    @property
    def vocabulary(self) -> str:
        return self.q.choices or self.q.field

    def terms(self) -> list[Term]:
        return list(getattr(self.assessment.vocabularies, self.vocabulary))

    def label(self, value: Any) -> str:
        return self.assessment.vocabularies.label(self.vocabulary, value)

    def offered_terms(self, before: dict[str, Any]) -> list[Term]:
        q = self.q
        return [
            t
            for t in self.terms()
            if (q.only is None or t.id in q.only) and when_holds(q.offer_when.get(t.id), before)
        ]

    def noun(self, count: int = 1) -> str:
        return self.assessment.noun(self.vocabulary, count)


class Choice(_Vocabulary):
    widget = "select"
    example = "ID"

    def options(self, before: dict[str, Any]) -> list[Option]:
        return [Option(t.id, t.label, t.help) for t in self.offered_terms(before)]

    def check(self, value: Any, before: dict[str, Any]) -> Any:
        return self._pick(value, [o.value for o in self.options(before)])

    def check_given(self, value: Any) -> Any:
        return self._pick(value, [t.id for t in self.terms()])

    def _pick(self, value: Any, offered: list[Any]) -> Any:
        if value in offered:
            return value
        hint = suggestion(str(value), offered) or f"; choose one of: {', '.join(offered)}"
        raise AnswerError(f"'{value}' is not a {self.noun()} offered here{hint}")

    def _show(self, value: Any) -> str:
        return self.label(value)


class MultiChoice(_Vocabulary):
    widget = "checkbox"
    example = "ID,ID"

    def _already(self, before: dict[str, Any]) -> list[Any]:
        return list(get_path(before, self.q.field) or []) if self.q.merge == "extend" else []

    def options(self, before: dict[str, Any]) -> list[Option]:
        already = self._already(before)
        options = [
            Option(t.id, t.label, t.help) for t in self.offered_terms(before) if t.id not in already
        ]
        ratings = self._ratings(before)
        if not ratings:
            return options
        unrated = self.assessment.top + 1
        return sorted(
            (
                Option(o.value, f"{o.label} ({rating_text(self.assessment, ratings.get(o.value))})")
                for o in options
            ),
            key=lambda o: ratings.get(o.value, unrated),
        )

    def _ratings(self, before: dict[str, Any]) -> dict[str, Any]:
        """Ratings already given for this question's vocabulary (their options show them)."""
        for q in self.assessment.questions:
            if q.kind == "ratings" and q.choices == self.q.choices:
                return dict(get_path(before, q.field) or {})
        return {}

    def limit(self, before: dict[str, Any]) -> int | None:
        most = MAX_ITEMS.get(self.q.field)
        if most is None:
            return None
        return most - len(self._already(before))

    def help(self, before: dict[str, Any]) -> str:
        if self.q.merge != "extend":
            return self.q.help
        left = self.limit(before)
        if left is None:
            return self.q.help
        return f"{self.q.help} You can add up to {wording.word_count(left)}.".strip()

    def check(self, value: Any, before: dict[str, Any]) -> list[Any]:
        offered = [o.value for o in self.options(before)]
        return self._pick(value, offered, self.limit(before))

    def check_given(self, value: Any) -> list[Any]:
        return self._pick(value, [t.id for t in self.terms()], MAX_ITEMS.get(self.q.field))

    def _pick(self, value: Any, offered: list[Any], most: int | None) -> list[Any]:
        chosen = items(value)
        for item in chosen:
            if item not in offered:
                allowed = [o for o in offered if o not in chosen]
                hint = suggestion(str(item), offered) or (
                    f"; choose from: {', '.join(allowed)}" if allowed else ""
                )
                raise AnswerError(f"'{item}' is not a {self.noun()} offered here{hint}")
        dupes = [v for i, v in enumerate(chosen) if v in chosen[:i]]
        if dupes:
            raise AnswerError(f"'{dupes[0]}' is chosen twice")
        if most is not None and len(chosen) > most:
            if most <= 0:
                raise AnswerError(f"you already have the most {self.noun(2)} allowed; choose none")
            raise AnswerError(
                f"choose at most {wording.word_count(most)} {self.noun(most)} "
                f"(you chose {len(chosen)})"
            )
        if self.q.required and not chosen:
            upto = f" (up to {wording.word_count(most)})" if most else ""
            raise AnswerError(
                f"choose at least one {self.noun()}{upto}: type its number, or space ticks a box"
            )
        return chosen

    def fit(self, value: Any, before: dict[str, Any]) -> Any:
        if not isinstance(value, list):
            return value
        offered = [o.value for o in self.options(before)]
        kept = [v for v in value if v in offered]
        most = self.limit(before)
        return kept[:most] if most is not None else kept

    def _show(self, value: Any) -> str:
        return "; ".join(self.label(v) for v in value)


class Order(_Vocabulary):
    """Put the items an earlier question chose (in the same field) in order."""

    widget = "order"
    example = "ID,ID"

    def options(self, before: dict[str, Any]) -> list[Option]:
        return [Option(v, self.label(v)) for v in get_path(before, self.q.field) or []]

    def check(self, value: Any, before: dict[str, Any]) -> list[Any]:
        ranked = items(value)
        now = list(get_path(before, self.q.field) or [])
        if sorted(map(str, ranked)) != sorted(map(str, now)):
            raise AnswerError(f"put these in order: {', '.join(now)}")
        return ranked

    def fit(self, value: Any, before: dict[str, Any]) -> Any:
        if not isinstance(value, list):
            return value
        now = list(get_path(before, self.q.field) or [])
        ranked = [v for v in value if v in now]
        return ranked + [v for v in now if v not in ranked]

    def _show(self, value: Any) -> str:
        return "  ".join(f"{i}. {self.label(v)}" for i, v in enumerate(value, 1))


class Ratings(_Vocabulary):
    """A rating on the assessment's scale for each term of a vocabulary, asked one by one.

    The whole answer is a mapping term -> rating; each step asks one term (`rating`)."""

    widget = "select"
    example = "AREA:LEVEL,AREA:LEVEL"

    def keys(self) -> list[str]:
        return [t.id for t in self.terms()]

    def options(self, before: dict[str, Any]) -> list[Option]:
        opts = [
            Option(level.value, level.label, level.help, key=str(level.value))
            for level in self.assessment.scale
        ]
        return [*opts, Option(None, "Not sure", "Leave this area unrated")]

    def rating(self, key: str, value: Any) -> int | None:
        """One term's rating; None is "not sure"."""
        if value is None:
            return None
        levels = [level.value for level in self.assessment.scale]
        scale = ", ".join(f"{lv.value} {lv.label}" for lv in self.assessment.scale)
        allowed = f"rate {key} from {levels[0]} to {levels[-1]} ({scale})"
        if isinstance(value, bool):
            raise AnswerError(allowed)
        try:
            number: float | None = parse_number(value)
        except (ValueError, TypeError):
            number = None
        if number not in levels:
            raise AnswerError(f"'{value}' is not a rating: {allowed}")
        return int(number or 0)

    def check(self, value: Any, before: dict[str, Any]) -> dict[str, int | None]:
        keys = self.keys()
        if isinstance(value, str):
            pairs: dict[str, Any] = {}
            for part in filter(None, (p.strip() for p in value.split(","))):
                key, sep, level = part.partition(":")
                if not sep:
                    raise AnswerError(
                        "write ratings as area:level pairs, such as finance:2,board-skills:3"
                    )
                pairs[key.strip()] = level.strip()
            value = pairs
        if not isinstance(value, dict):
            raise AnswerError("must be a mapping of area: rating, such as {finance: 2}")
        out: dict[str, int | None] = {}
        for key, level in value.items():
            if key not in keys:
                raise AnswerError(f"unknown {self.noun()} '{key}'{suggestion(str(key), keys)}")
            out[key] = self.rating(key, level)
        return out

    def restore(self, value: Any) -> Any:
        return self.check(value, {})

    def _show(self, value: Any) -> str:
        return "; ".join(
            f"{self.label(k)}: {rating_text(self.assessment, v)}" for k, v in value.items()
        )


def rating_text(assessment: Assessment, value: int | None) -> str:
    if value is None:
        return "not rated"
    return f"{value} {assessment.scale_label(value)}"


KINDS: dict[str, type[Kind]] = {
    "text": Text,
    "confirm": YesNo,
    "number": Number,
    "date": Date,
    "select": Choice,
    "checkbox": MultiChoice,
    "order": Order,
    "ratings": Ratings,
}


def kind_of(question: Question, assessment: Assessment, today: dt.date) -> Kind:
    return KINDS[question.kind](question, assessment, today)
