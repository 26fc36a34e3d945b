"""The self-assessment's logic, with no terminal in it.

Which question comes next, whether a question applies (`when`), which choices it offers,
what its default is (last answer, last year's profile, the catalogue's default), whether
an answer is valid (with a message saying what is allowed), and the profile the answers
make. The questions themselves are data (`questions:` in catalogue/assessment.yaml).

Answers come from three places and meet the same validation:
- `answers`: what the person chose at a prompt, by question id (ratings: area -> 1-4);
- `given`: profile fields filled in from `--answers FILE` and `--set key=value`; a given
  field is not asked;
- `prior`: last time's profile (`--from`), used only for defaults.

Prompting lives in careerplan/prompts.py; the loop here (`conduct`) talks to it through
the small `UI` protocol so that tests can answer with a stub.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from pydantic import ValidationError

from careerplan.assessment import Assessment, Question, When
from careerplan.errors import InputError, Problem, ValidationFailed
from careerplan.profile import (
    MAX_ITEMS,
    PROFILE_VERSION,
    Constraints,
    Preferences,
    Profile,
    default_start,
    profile_to_data,
)
from careerplan.validation import closest, problems_from, suggestion
from careerplan.yamlio import YamlDoc

START_AHEAD_YEARS = 2
"""A plan may start at most this many years after the assessment (catches typos)."""

EXTRA_FIELDS = ("mentor",)
"""Profile fields that no question asks but that an answers file or --set may fill in."""

_MODELS = {"": Profile, "constraints": Constraints, "preferences": Preferences}


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()
"""No default to offer (None is a real default: "not sure" for a rating)."""


class AnswerError(ValueError):
    """An answer that is not allowed; the message says what is."""


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


@dataclass(frozen=True)
class Prompt:
    """Everything a UI needs to ask one step."""

    step: Step
    kind: str  # text | select | checkbox | order
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


@dataclass(frozen=True)
class ReviewRow:
    step: Step | None  # None for a field that no question asks (mentor)
    label: str
    text: str
    source: str  # "answered", "not answered", or where a given answer came from


class UI(Protocol):
    def section(self, title: str, number: int, total: int) -> None: ...

    def ask(self, prompt: Prompt) -> Any: ...

    def review(self, rows: list[ReviewRow], stage: str | None) -> Step | None: ...


# ---------------------------------------------------------------------------------------
# Paths in nested profile data


def get_path(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def _field_info(path: str) -> Any:
    head, _, name = path.rpartition(".")
    model = _MODELS.get(head)
    if model is None or name not in model.model_fields:
        raise KeyError(path)
    return model.model_fields[name]


def bounds(path: str) -> tuple[float | None, float | None]:
    """The lowest and highest number the profile format allows at `path`."""
    lo = hi = None
    for meta in _field_info(path).metadata:
        lo = getattr(meta, "ge", lo)
        hi = getattr(meta, "le", hi)
    return lo, hi


def max_length(path: str) -> int | None:
    for meta in _field_info(path).metadata:
        if getattr(meta, "max_length", None) is not None:
            return meta.max_length
    return None


def when_holds(when: When | None, data: dict[str, Any]) -> bool:
    return when is None or all(cond.holds(get_path(data, path)) for path, cond in when.items())


def _could_hold(when: When | None, known: dict[str, Any]) -> bool:
    """Whether a condition may still hold: fields not answered yet could be answered to fit."""
    if when is None:
        return True
    for path, cond in when.items():
        value = get_path(known, path)
        if value is not None and not cond.holds(value):
            return False
    return True


# ---------------------------------------------------------------------------------------
# Parsing typed text into values

_TRUE = {"y", "yes", "true", "1", "on"}
_FALSE = {"n", "no", "false", "0", "off"}


def _number(value: Any) -> float | int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "").replace("£", "").replace("_", "")
        number = float(text)
    if not math.isfinite(number):
        raise ValueError
    return int(number) if number.is_integer() else number


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError
    return dt.date.fromisoformat(text)


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return list(value)
    raise AnswerError("must be a list of ids, such as [a, b] (or a, b after --set)")


def _fmt(number: float | int) -> str:
    """1000000 as 1,000,000 and 0.5 as 0.5."""
    return f"{int(number):,}" if float(number).is_integer() else f"{number:g}"


def _words(n: int) -> str:
    return {1: "one", 2: "two", 3: "three"}.get(n, str(n))


def _or_list(values: list[str]) -> str:
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]


# ---------------------------------------------------------------------------------------
# The interview


@dataclass
class _Walk:
    """The questions that apply, in order, and the profile data the answers make."""

    asked: list[Question]
    before: dict[str, dict[str, Any]]
    valid: dict[str, bool]
    data: dict[str, Any]


@dataclass
class Interview:
    assessment: Assessment
    today: dt.date
    answers: dict[str, Any] = field(default_factory=dict)
    given: dict[str, Any] = field(default_factory=dict)
    prior: dict[str, Any] = field(default_factory=dict)
    prior_assessed_on: dt.date | None = None
    reopened: list[str] = field(default_factory=list)
    given_from: str = "--set"

    # -- structure -----------------------------------------------------------------------

    @property
    def questions(self) -> list[Question]:
        return self.assessment.questions

    @property
    def vocab(self):
        return self.assessment.vocabularies

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def sections(self) -> list[str]:
        out: list[str] = []
        for q in self.questions:
            if q.section not in out:
                out.append(q.section)
        return out

    def _given_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for path, value in self.given.items():
            set_path(data, path, copy.deepcopy(value))
        return data

    def _is_given(self, q: Question) -> bool:
        if q.kind == "ratings":
            rated = self.given.get(q.field) or {}
            return all(area in rated for area in self._areas(q))
        return q.field in self.given

    def _walk(self) -> _Walk:
        data = self._given_data()
        walk = _Walk(asked=[], before={}, valid={}, data=data)
        for q in self.questions:
            if self._is_given(q) or not when_holds(q.when, data):
                continue
            walk.asked.append(q)
            walk.before[q.id] = copy.deepcopy(data)
            ok = False
            if q.id in self.answers and q.id not in self.reopened:
                try:
                    value = self.check(q, self.answers[q.id], data)
                    ok = True
                except AnswerError:
                    ok = False
                if ok:
                    self._apply(q, value, data)
            walk.valid[q.id] = ok
        return walk

    def _apply(self, q: Question, value: Any, data: dict[str, Any]) -> None:
        if q.kind == "ratings":
            merged = dict(get_path(data, q.field) or {})
            merged.update({k: v for k, v in value.items() if v is not None})
            set_path(data, q.field, merged)
        elif q.merge == "extend":
            set_path(data, q.field, [*(get_path(data, q.field) or []), *value])
        elif value is not None:
            set_path(data, q.field, value)

    def _areas(self, q: Question) -> list[str]:
        return [t.id for t in getattr(self.vocab, q.choices or "areas")]

    def steps(self) -> Iterator[tuple[Step, bool]]:
        """Every step that applies now, with whether it has a valid answer."""
        walk = self._walk()
        yield from self._steps(walk)

    def _steps(self, walk: _Walk) -> Iterator[tuple[Step, bool]]:
        for q in walk.asked:
            if q.kind == "ratings":
                given = self.given.get(q.field) or {}
                answered = self.answers.get(q.id) or {}
                for area in self._areas(q):
                    if area in given:
                        continue
                    step = Step(q, area)
                    done = area in answered and step.id not in self.reopened
                    yield step, done
            else:
                yield Step(q), walk.valid[q.id]

    def next_step(self) -> Step | None:
        """A reopened step first (from the review screen), else the first unanswered one."""
        pending = {s.id: s for s, done in self.steps() if not done}
        for sid in self.reopened:
            if sid in pending:
                return pending[sid]
        for step in pending.values():
            return step
        return None

    def progress(self, step: Step) -> tuple[int, int]:
        """Where a step stands among every step that may be asked, and how many there are.

        The total counts each conditional question that answers still to come may switch
        on, so it never grows mid-way ("/30" then "/31"); it can only shrink, right after the
        answer that rules a question out.
        """
        ids = self._planned_ids()
        number = ids.index(step.id) + 1 if step.id in ids else len(ids)
        return number, len(ids)

    def _planned_ids(self) -> list[str]:
        known = self._walk().data
        ids: list[str] = []
        for q in self.questions:
            if self._is_given(q) or not _could_hold(q.when, known):
                continue
            if q.kind == "ratings":
                rated = self.given.get(q.field) or {}
                ids += [Step(q, area).id for area in self._areas(q) if area not in rated]
            else:
                ids.append(Step(q).id)
        return ids

    def answered_count(self) -> int:
        return sum(1 for _, done in self.steps() if done)

    def missing(self) -> list[Step]:
        """Required steps without an answer."""
        return [s for s, done in self.steps() if not done and s.question.required]

    def is_complete(self) -> bool:
        return not self.missing()

    # -- choices and defaults --------------------------------------------------------------

    def options(self, q: Question, before: dict[str, Any]) -> list[Option]:
        if q.kind == "confirm":
            return [Option(True, "Yes"), Option(False, "No")]
        if q.kind == "number" and q.options:
            return [Option(v, self.show_number(q, v)) for v in q.options]
        if q.kind == "order":
            return [
                Option(v, self.vocab.label(q.choices or "", v))
                for v in get_path(before, q.field) or []
            ]
        if q.choices is None:
            return []
        terms = [
            t
            for t in getattr(self.vocab, q.choices)
            if (q.only is None or t.id in q.only) and when_holds(q.offer_when.get(t.id), before)
        ]
        if q.merge == "extend":
            already = get_path(before, q.field) or []
            terms = [t for t in terms if t.id not in already]
        options = [Option(t.id, t.label, t.help) for t in terms]
        ratings = get_path(before, "ratings") or {}
        if q.kind == "checkbox" and q.choices == "areas" and ratings:
            unrated = len(self.assessment.scale) + 1
            options = sorted(
                (
                    Option(o.value, f"{o.label} ({self.rating_text(ratings.get(o.value))})", o.help)
                    for o in options
                ),
                key=lambda o: ratings.get(o.value, unrated),
            )
        return options

    def rating_options(self) -> list[Option]:
        opts = [
            Option(level.value, f"{level.value} {level.label}", level.help)
            for level in self.assessment.scale
        ]
        return [*opts, Option(None, "Not sure", "Leave this area unrated")]

    def rating_text(self, value: int | None) -> str:
        if value is None:
            return "not rated"
        return f"{value} {self.assessment.scale_label(value)}"

    def limit(self, q: Question, before: dict[str, Any]) -> int | None:
        """How many items a checkbox answer may hold."""
        most = MAX_ITEMS.get(q.field)
        if most is None:
            return None
        if q.merge == "extend":
            most -= len(get_path(before, q.field) or [])
        return most

    def default(self, step: Step, before: dict[str, Any] | None = None) -> Any:
        """The answer offered at the prompt: the last answer, last year's, or the
        catalogue's; MISSING if there is none. For a rating, None means "not sure"."""
        q = step.question
        if before is None:
            before = self._walk().before.get(q.id, self._given_data())
        candidates: list[Any] = []
        stored = self.answers.get(q.id, MISSING)
        if step.key is not None:
            if isinstance(stored, dict) and step.key in stored:
                candidates.append(stored[step.key])
            elif self.prior and q.reuse != "no":
                candidates.append((self.prior.get(q.field) or {}).get(step.key))
        else:
            if stored is not MISSING:
                candidates.append(stored)
            candidates.append(self._from_prior(step, before))
            if q.kind == "date":
                candidates.append(default_start(self.today))
            candidates.append(q.default)
        for candidate in candidates:
            if candidate is None and step.key is None:
                continue
            candidate = self._fit(q, candidate, before)
            try:
                return self.check_step(step, candidate, before)
            except AnswerError:
                continue
        return MISSING

    def _fit(self, q: Question, value: Any, before: dict[str, Any]) -> Any:
        """Trim an old list answer to the choices offered now."""
        if q.kind == "checkbox" and isinstance(value, list):
            offered = [o.value for o in self.options(q, before)]
            kept = [v for v in value if v in offered]
            most = self.limit(q, before)
            return kept[:most] if most is not None else kept
        if q.kind == "order" and isinstance(value, list):
            now = list(get_path(before, q.field) or [])
            ranked = [v for v in value if v in now]
            return ranked + [v for v in now if v not in ranked]
        return value

    def _from_prior(self, step: Step, before: dict[str, Any]) -> Any:
        q = step.question
        if not self.prior or q.reuse == "no":
            return None
        value = self.prior.get(q.field)
        if step.key is not None:
            return (value or {}).get(step.key)
        if q.reuse == "add-elapsed-years":
            if value is None or self.prior.get("role") != get_path(before, "role"):
                return None
            if self.prior_assessed_on is None:
                return value
            elapsed = (self.today - self.prior_assessed_on).days / 365.25
            return round((float(value) + max(elapsed, 0)) * 2) / 2
        return copy.deepcopy(value)

    # -- validation ------------------------------------------------------------------------

    def check_step(self, step: Step, value: Any, before: dict[str, Any]) -> Any:
        if step.key is not None:
            return self._rating(step.key, value, allow_none=True)
        return self.check(step.question, value, before)

    def check(self, q: Question, value: Any, before: dict[str, Any]) -> Any:
        """The typed answer to `q`, or AnswerError saying what is allowed."""
        if q.kind == "ratings":
            return self._ratings(value, q)
        if q.kind == "order":
            return self._order(q, value, before)
        if q.kind in ("select", "checkbox"):
            offered = [o.value for o in self.options(q, before)]
            return self._ids(q, value, offered, self.limit(q, before))
        return self._scalar(q, value, q.field)

    def check_field(self, path: str, value: Any) -> Any:
        """A value for a profile field from a file or --set, checked as a prompt would be
        (but against the whole vocabulary: choices hidden at a prompt are allowed here)."""
        if path in EXTRA_FIELDS:
            return self._text(value, path, required=False)
        q = next(q for q in self.questions if q.field == path)
        if q.kind == "ratings":
            return self._ratings(value, q)
        if q.kind in ("select", "checkbox"):
            allowed = [t.id for t in getattr(self.vocab, q.choices or "")]
            return self._ids(q, value, allowed, MAX_ITEMS.get(path))
        return self._scalar(q, value, path)

    def _scalar(self, q: Question, value: Any, path: str) -> Any:
        if q.kind == "text":
            return self._text(value, path, required=q.required)
        if q.kind == "confirm":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            raise AnswerError("answer yes or no")
        if q.kind == "number":
            return self._numeric(q, value, path)
        if q.kind == "date":
            return self._start(value)
        raise AnswerError(f"cannot answer a {q.kind} question here")  # pragma: no cover

    def _text(self, value: Any, path: str, *, required: bool) -> str | None:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise AnswerError("must be text")
        text = " ".join(value.split())
        if any(ord(c) < 32 for c in value if c not in "\t\n"):
            raise AnswerError("contains control characters; type plain text")
        if not text:
            if required:
                raise AnswerError("an answer is needed")
            return None
        most = max_length(path)
        if most is not None and len(text) > most:
            raise AnswerError(f"is {len(text)} characters long; at most {most} allowed")
        return text

    def _numeric(self, q: Question, value: Any, path: str) -> float | int:
        lo, hi = bounds(path)
        if q.options:
            allowed = _or_list([f"{v}" for v in q.options])
            what = f"choose {allowed}"
        else:
            what = (
                f"enter a number from {_fmt(lo)} to {_fmt(hi)}"
                if lo is not None and hi is not None
                else "enter a number"
            )
            if q.default is not None and isinstance(q.default, (int, float)):
                what += f", such as {_fmt(q.default)}"
        if value is None or (isinstance(value, str) and not value.strip()):
            raise AnswerError(f"an answer is needed: {what}")
        try:
            number = _number(value)
        except (ValueError, TypeError):
            raise AnswerError(f"'{value}' is not a number: {what}") from None
        if q.options and number not in q.options:
            raise AnswerError(f"{_fmt(number)} is not offered: {what}")
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            raise AnswerError(f"{_fmt(number)} is out of range: {what}")
        return number

    def _start(self, value: Any) -> dt.date:
        latest = (
            self.today.replace(year=self.today.year + START_AHEAD_YEARS)
            if not (self.today.month == 2 and self.today.day == 29)
            else self.today + dt.timedelta(days=365 * START_AHEAD_YEARS)
        )
        example = default_start(self.today).isoformat()
        try:
            day = _date(value)
        except (ValueError, TypeError):
            raise AnswerError(
                f"'{value}' is not a real date: enter one as YYYY-MM-DD, such as {example}"
            ) from None
        if day < self.today:
            raise AnswerError(
                f"{day.isoformat()} is in the past: choose today "
                f"({self.today.isoformat()}) or later"
            )
        if day > latest:
            raise AnswerError(
                f"{day.isoformat()} is more than {START_AHEAD_YEARS} years "
                f"ahead: choose a date up to {latest.isoformat()}"
            )
        return day

    def _ids(self, q: Question, value: Any, offered: list[Any], most: int | None) -> Any:
        vocabulary = q.choices or q.field
        noun = _NOUNS.get(vocabulary, ("choice", "choices"))
        if q.kind == "select":
            if value in offered:
                return value
            hint = suggestion(str(value), offered) or f"; choose one of: {', '.join(offered)}"
            raise AnswerError(f"'{value}' is not a {noun[0]} offered here{hint}")
        items = _items(value)
        for item in items:
            if item not in offered:
                allowed = [o for o in offered if o not in items]
                hint = suggestion(str(item), offered) or (
                    f"; choose from: {', '.join(allowed)}" if allowed else ""
                )
                raise AnswerError(f"'{item}' is not a {noun[0]} offered here{hint}")
        dupes = [v for i, v in enumerate(items) if v in items[:i]]
        if dupes:
            raise AnswerError(f"'{dupes[0]}' is chosen twice")
        if most is not None and len(items) > most:
            if most <= 0:
                raise AnswerError(f"you already have the most {noun[1]} allowed; choose none")
            raise AnswerError(f"choose at most {_words(most)} {noun[1]} (you chose {len(items)})")
        if q.required and not items:
            upto = f" (up to {_words(most)})" if most else ""
            raise AnswerError(f"choose at least one {noun[0]}{upto}: space ticks a box")
        return items

    def _order(self, q: Question, value: Any, before: dict[str, Any]) -> list[str]:
        items = _items(value)
        now = list(get_path(before, q.field) or [])
        if sorted(map(str, items)) != sorted(map(str, now)):
            raise AnswerError(f"put these in order: {', '.join(now)}")
        return items

    def _rating(self, area: str, value: Any, *, allow_none: bool) -> int | None:
        levels = [level.value for level in self.assessment.scale]
        scale = ", ".join(f"{lv.value} {lv.label}" for lv in self.assessment.scale)
        if value is None and allow_none:
            return None
        if isinstance(value, bool):
            raise AnswerError(f"rate {area} from {levels[0]} to {levels[-1]} ({scale})")
        try:
            number = _number(value)
        except (ValueError, TypeError):
            number = None
        if number not in levels:
            raise AnswerError(
                f"'{value}' is not a rating: rate {area} from {levels[0]} to {levels[-1]} ({scale})"
            )
        return int(number)

    def _ratings(self, value: Any, q: Question) -> dict[str, int | None]:
        areas = self._areas(q)
        if isinstance(value, str):
            pairs: dict[str, Any] = {}
            for part in filter(None, (p.strip() for p in value.split(","))):
                area, sep, level = part.partition(":")
                if not sep:
                    raise AnswerError(
                        "write ratings as area:level pairs, such as finance:2,board-skills:3"
                    )
                pairs[area.strip()] = level.strip()
            value = pairs
        if not isinstance(value, dict):
            raise AnswerError("must be a mapping of area: rating, such as {finance: 2}")
        out: dict[str, int | None] = {}
        for area, level in value.items():
            if area not in areas:
                raise AnswerError(f"unknown area '{area}'{suggestion(str(area), areas)}")
            out[area] = self._rating(area, level, allow_none=True)
        return out

    # -- answering -------------------------------------------------------------------------

    def prompt(self, step: Step) -> Prompt:
        walk = self._walk()
        q = step.question
        before = walk.before.get(q.id, walk.data)
        number, total = self.progress(step)
        if step.key is not None:
            term = self.vocab.term(q.choices or "areas", step.key)
            n_area = self._areas(q).index(step.key) + 1
            kind, options = "select", self.rating_options()
            message = term.label
            note = f"(area {n_area} of {len(self._areas(q))})"
            help_ = term.help
        else:
            kind = {
                "select": "select",
                "confirm": "select",
                "checkbox": "checkbox",
                "order": "order",
            }.get(q.kind, "text")
            if q.kind == "number" and q.options:
                kind = "select"
            options = self.options(q, before)
            message, help_, note = q.prompt, q.help, ""
            if q.kind == "checkbox" and q.field == "goals" and q.merge == "extend":
                left = self.limit(q, before) or 0
                help_ = f"{help_} You can add up to {_words(left)}.".strip()
        default = self.default(step, before)
        intro = ""
        if step.key is None and q.id in self.answers and step.id not in self.reopened:
            intro = "Your earlier answer here no longer fits your other answers; please check it."

        def validate(raw: Any) -> str | None:
            try:
                self.check_step(step, raw, before)
            except AnswerError as exc:
                return _sentence(str(exc))
            return None

        return Prompt(
            step=step,
            kind=kind,
            message=message,
            help=help_,
            options=options,
            default=default,
            number=number,
            total=total,
            section=q.section,
            validate=validate,
            note=note,
            intro=intro,
        )

    def answer(self, step: Step, value: Any) -> Any:
        """Record an answer (raises AnswerError if it is not allowed)."""
        q = step.question
        before = self._walk().before.get(q.id, self._given_data())
        typed = self.check_step(step, value, before)
        if step.key is not None:
            ratings = dict(self.answers.get(q.id) or {})
            ratings[step.key] = typed
            self.answers[q.id] = ratings
        else:
            self.answers[q.id] = typed
        if step.id in self.reopened:
            self.reopened.remove(step.id)
        return typed

    def reopen(self, step: Step) -> None:
        """Ask `step` again (from the review screen). A given field is released first."""
        q = step.question
        if step.key is not None:
            given = self.given.get(q.field) or {}
            if step.key in given:
                self.prior.setdefault(q.field, {})
                self.prior[q.field] = {**self.prior[q.field], step.key: given[step.key]}
                self.given[q.field] = {k: v for k, v in given.items() if k != step.key}
        elif q.field in self.given:
            self.prior[q.field] = self.given.pop(q.field)
        if step.id not in self.reopened:
            self.reopened.append(step.id)

    # -- the result ------------------------------------------------------------------------

    def data(self) -> dict[str, Any]:
        return self._walk().data

    def stage(self) -> str | None:
        data = self.data()
        role, years = data.get("role"), data.get("years_in_role")
        if role is None or years is None:
            return None
        try:
            return self.assessment.stage_for(role, float(years))
        except KeyError:
            return None

    def profile(self, today: dt.date | None = None) -> Profile:
        """The profile the answers make; every required answer must be there."""
        missing = self.missing()
        if missing:
            raise ValidationFailed([self.missing_problem(s) for s in missing])
        today = today or self.today
        data = self.data()
        body: dict[str, Any] = {"version": PROFILE_VERSION, "assessed_on": today}
        for name in Profile.model_fields:
            if name in data and data[name] is not None:
                body[name] = data[name]
        try:
            return Profile.model_validate(
                body, context={"vocabularies": self.vocab.ids(), "today": today}
            )
        except ValidationError as exc:
            doc = YamlDoc(name=self.given_from, data=body)
            raise ValidationFailed(problems_from(exc, doc)) from None

    def missing_problem(self, step: Step) -> Problem:
        q = step.question
        example = {
            "select": "ID",
            "checkbox": "ID,ID",
            "number": "NUMBER",
            "date": "YYYY-MM-DD",
            "text": "TEXT",
            "confirm": "yes",
        }.get(q.kind, "VALUE")
        return Problem(
            "assess",
            None,
            None,
            q.field,
            f"no answer to \u201c{q.prompt}\u201d; add `{q.field}` to the "
            f"answers file or pass --set {q.field}={example}",
        )

    # -- display -----------------------------------------------------------------------------

    def show_number(self, q: Question, value: Any) -> str:
        if not q.display:
            return f"{value:g}" if isinstance(value, float) else str(value)
        text = q.display.format(value)
        if value == 1:  # "1 day a week", not "1 days"
            text = re.sub(r"\b(day|hour|year|month)s\b", r"\1", text)
        return text

    def show(self, q: Question, value: Any) -> str:
        """An answer in words, as on the review screen."""
        if value is None or value == []:
            return q.if_none
        if q.kind == "text":
            return str(value)
        if q.kind == "select":
            return self.vocab.label(q.choices or "", value)
        if q.kind in ("checkbox", "order"):
            labels = [self.vocab.label(q.choices or "", v) for v in value]
            if q.kind == "order":
                return "  ".join(f"{i}. {label}" for i, label in enumerate(labels, 1))
            return "; ".join(labels)
        if q.kind == "confirm":
            return "Yes" if value else "No"
        if q.kind == "number":
            return self.show_number(q, value)
        if q.kind == "date":
            day = _date(value)
            return f"{day:%A} {day.day} {day:%B %Y}"
        return str(value)

    def review_rows(self) -> list[ReviewRow]:
        """Every answer that will go into the profile, in question order."""
        walk = self._walk()
        asked = {q.id for q in walk.asked}
        rows: list[ReviewRow] = []
        for q in self.questions:
            if q.kind == "ratings":
                rows.extend(self._rating_rows(q, walk))
            elif q.field in self.given:
                if q is next(x for x in self.questions if x.field == q.field):
                    rows.append(
                        ReviewRow(
                            Step(q), q.label, self.show(q, self.given[q.field]), self.given_from
                        )
                    )
            elif q.id in asked:
                valid = walk.valid.get(q.id, False)
                if not valid:
                    rows.append(ReviewRow(Step(q), q.label, "not answered", "not answered"))
                    continue
                value = self.answers.get(q.id)
                if q.merge == "extend" and not value:
                    continue
                if q.kind == "order":
                    value = get_path(walk.data, q.field)
                rows.append(ReviewRow(Step(q), q.label, self.show(q, value), "answered"))
        for name in EXTRA_FIELDS:
            if self.given.get(name):
                rows.append(
                    ReviewRow(None, name.capitalize(), str(self.given[name]), self.given_from)
                )
        return rows

    def _rating_rows(self, q: Question, walk: _Walk) -> list[ReviewRow]:
        given = self.given.get(q.field) or {}
        answered = self.answers.get(q.id) or {}
        rows = []
        for area in self._areas(q):
            label = self.vocab.label(q.choices or "areas", area)
            if area in given:
                rows.append(
                    ReviewRow(Step(q, area), label, self.rating_text(given[area]), self.given_from)
                )
            elif q in walk.asked:
                rows.append(
                    ReviewRow(
                        Step(q, area),
                        label,
                        self.rating_text(answered.get(area)),
                        "answered" if area in answered else "not answered",
                    )
                )
        return rows

    # -- saving and restoring -----------------------------------------------------------------

    def to_data(self) -> dict[str, Any]:
        """The state to keep in a draft (JSON-friendly)."""
        from careerplan.yamlio import to_jsonable

        return to_jsonable(
            {
                "answers": self.answers,
                "given": self.given,
                "prior": self.prior,
                "prior_assessed_on": self.prior_assessed_on,
                "given_from": self.given_from,
            }
        )

    def restore(self, data: dict[str, Any]) -> list[str]:
        """Load a draft's state; answers no longer valid are dropped and named."""
        dropped: list[str] = []
        known = {q.id: q for q in self.questions}
        for qid, value in (data.get("answers") or {}).items():
            q = known.get(qid)
            if q is None:
                dropped.append(qid)
                continue
            try:
                if q.kind == "ratings":
                    self.answers[qid] = self._ratings(value, q)
                elif q.kind == "date" and value is not None:
                    self.answers[qid] = _date(value)
                else:
                    self.answers[qid] = value
            except (AnswerError, ValueError):
                dropped.append(qid)
        for path, value in (data.get("given") or {}).items():
            try:
                self.given[path] = self.check_field(path, value)
            except (AnswerError, StopIteration):
                dropped.append(path)
        self.prior = dict(data.get("prior") or {})
        when = data.get("prior_assessed_on")
        self.prior_assessed_on = _date(when) if when else None
        self.given_from = data.get("given_from") or self.given_from
        return dropped

    def use_prior(self, profile: Profile) -> None:
        """Last time's profile: its answers become the defaults (`--from`)."""
        data = profile_to_data(profile)
        self.prior = {
            path: get_path(data, path)
            for path in {q.field for q in self.questions} | set(EXTRA_FIELDS)
            if get_path(data, path) is not None
        }
        self.prior_assessed_on = profile.assessed_on
        if profile.mentor and "mentor" not in self.given:
            self.given["mentor"] = profile.mentor

    def give(self, path: str, value: Any) -> None:
        """A field filled in from a file or --set (raises AnswerError)."""
        typed = self.check_field(path, value)
        if path == "ratings":
            merged = {
                **(self.given.get("ratings") or {}),
                **{k: v for k, v in typed.items() if v is not None},
            }
            self.given["ratings"] = merged
        elif typed is None:
            self.given.pop(path, None)
        else:
            self.given[path] = typed


_NOUNS = {
    "roles": ("role", "roles"),
    "organisations": ("organisation type", "organisation types"),
    "goals": ("goal", "goals"),
    "areas": ("area", "areas"),
    "support": ("kind of support", "kinds of support"),
    "formats": ("format", "formats"),
}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------------------
# Answers from files and flags


def field_paths(assessment: Assessment) -> list[str]:
    paths: list[str] = []
    for q in assessment.questions:
        if q.field not in paths:
            paths.append(q.field)
    return [*paths, *EXTRA_FIELDS]


def resolve_key(interview: Interview, key: str) -> tuple[str, str | None]:
    """A --set key (a profile field such as constraints.budget_gbp, a question id such as
    budget, or ratings.AREA) as (field path, area or None); AnswerError if unknown."""
    key = key.strip()
    paths = field_paths(interview.assessment)
    if key in paths:
        return key, None
    by_id = {q.id: q.field for q in interview.questions if q.kind != "order"}
    if key in by_id:
        return by_id[key], None
    short = {p.rsplit(".", 1)[-1]: p for p in paths}
    if key in short:
        return short[key], None
    head, _, area = key.partition(".")
    if head == "ratings" and area:
        areas = interview.vocab.ids()["areas"]
        if area not in areas:
            raise AnswerError(f"unknown area '{area}'{suggestion(area, areas)}")
        return "ratings", area
    best = closest(key, [*paths, *by_id])
    if best:
        raise AnswerError(f"not a profile field or question; did you mean '{best}'?")
    raise AnswerError(f"not a profile field or question; use one of: {', '.join(paths)}")


def apply_set(interview: Interview, expr: str) -> None:
    """Apply one `--set key=value` (InputError naming the flag if it is not allowed)."""
    key, sep, raw = expr.partition("=")
    if not sep or not key.strip():
        raise InputError(f"--set {expr}: write it as key=value, such as --set role=consultant")
    try:
        path, area = resolve_key(interview, key)
        interview.give(path, {area: raw.strip()} if area is not None else raw.strip())
    except AnswerError as exc:
        raise InputError(f"--set {expr}: {exc}") from None


def apply_answers_file(interview: Interview, doc: YamlDoc) -> None:
    """Fill in answers from a full or partial profile; every problem is raised together."""
    data = doc.data
    if data is None:
        return
    if not isinstance(data, dict):
        raise ValidationFailed(
            [
                Problem(
                    doc.name,
                    doc.line_of(()),
                    None,
                    None,
                    "is not a profile: expected fields such as `role:` "
                    "and `goals:` (see `careerplan profile schema`)",
                )
            ]
        )
    problems: list[Problem] = []
    paths = field_paths(interview.assessment)
    groups = {p.split(".")[0] for p in paths if "." in p}

    def bad(loc: tuple[str, ...], message: str) -> None:
        problems.append(Problem(doc.name, doc.line_of(loc), None, ".".join(loc), message))

    version = data.get("version")
    if version is not None and (
        isinstance(version, bool)
        or not isinstance(version, int)
        or not 1 <= version <= PROFILE_VERSION
    ):
        if isinstance(version, int) and not isinstance(version, bool) and version > 1:
            bad(
                ("version",),
                f"version {version} was written by a newer careerplan; "
                "upgrade careerplan (this one reads version 1)",
            )
        else:
            bad(("version",), "must be 1")
    for key, value in data.items():
        if key in ("version", "assessed_on"):
            continue
        if key in groups:
            if not isinstance(value, dict):
                bad((key,), "must be a mapping of `key: value` lines")
                continue
            for sub, subvalue in value.items():
                path = f"{key}.{sub}"
                if path not in paths:
                    options = [p.split(".", 1)[1] for p in paths if p.startswith(key + ".")]
                    bad((key, sub), f"is not a field here{suggestion(str(sub), options)}")
                    continue
                _give(interview, path, subvalue, (key, sub), bad)
            continue
        if key not in paths:
            top = sorted({p.split(".")[0] for p in paths} | {"version", "assessed_on"})
            bad((str(key),), f"is not a profile field{suggestion(str(key), top)}")
            continue
        _give(interview, key, value, (key,), bad)
    if problems:
        raise ValidationFailed(problems)
    interview.given_from = doc.name


def _give(
    interview: Interview,
    path: str,
    value: Any,
    loc: tuple[str, ...],
    bad: Callable[[tuple[str, ...], str], None],
) -> None:
    if path == "ratings" and isinstance(value, dict):
        for area, level in value.items():
            try:
                interview.give(path, {area: level})
            except AnswerError as exc:
                bad((*loc, str(area)), str(exc))
        return
    try:
        interview.give(path, value)
    except AnswerError as exc:
        bad(loc, str(exc))


# ---------------------------------------------------------------------------------------
# The loop


def conduct(interview: Interview, ui: UI, autosave: Callable[[Interview], None]) -> None:
    """Ask every pending step, then the review screen, until the person chooses to save.

    KeyboardInterrupt and EOFError from the UI pass through: the caller keeps the draft.
    """
    sections = interview.sections()
    shown: str | None = None
    last: str | None = None
    while True:
        step = interview.next_step()
        if step is None:
            stage = interview.stage()
            label = interview.vocab.label("stages", stage) if stage else None
            choice = ui.review(interview.review_rows(), label)
            if choice is None:
                return
            interview.reopen(choice)
            shown = None
            continue
        prompt = interview.prompt(step)
        if prompt.section != shown:
            ui.section(prompt.section, sections.index(prompt.section) + 1, len(sections))
            shown = prompt.section
        if step.key is not None and last != step.question.id:
            q = step.question
            prompt = replace(prompt, intro=f"{q.prompt} {q.help}".strip())
        last = step.question.id
        while True:
            value = ui.ask(prompt)
            try:
                interview.answer(step, value)
                break
            except AnswerError as exc:  # a UI that does not validate as it goes
                prompt = _with_error(prompt, str(exc))
        autosave(interview)


def _with_error(prompt: Prompt, message: str) -> Prompt:
    return replace(prompt, help=f"{_sentence(message)}. {prompt.help}".strip())
