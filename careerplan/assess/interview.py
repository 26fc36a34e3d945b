"""The interview's state and order, with no terminal in it.

Which question comes next, whether a question applies (`when`), what its default is (last
answer, last year's profile, the catalogue's default), and the profile the answers make.
The questions are data (`questions:` in catalogue/assessment.yaml); what an answer of each
kind allows and how it reads is careerplan/assess/kinds.py.

Answers come from three places and meet the same checks:
- `answers`: what the person chose at a prompt, by question id (ratings: area -> level);
- `given`: profile fields filled in from `--answers FILE` and `--set key=value`
  (careerplan/assess/sources.py); a given field is not asked;
- `prior`: last time's profile (`--from`), used only for defaults.

`conduct` asks every pending step through the `UI` protocol (careerplan/assess/ui.py).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from careerplan import wording
from careerplan.assess.fields import (
    EXTRA_FIELDS,
    RETIRED_FIELDS,
    could_hold,
    get_path,
    set_path,
    when_holds,
)
from careerplan.assess.kinds import Kind, Ratings, check_text, kind_of, rating_text
from careerplan.assess.ui import MISSING, UI, Prompt, ReviewRow, Step
from careerplan.errors import Problem, ValidationFailed
from careerplan.model.assessment import Assessment, Question, Vocabularies
from careerplan.model.profile import PROFILE_VERSION, Profile, default_start, profile_to_data
from careerplan.parsing import AnswerError
from careerplan.store.validation import problems_from
from careerplan.store.yamlio import YamlDoc

__all__ = ["MISSING", "AnswerError", "Interview", "Prompt", "ReviewRow", "Step", "conduct"]


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
    def vocab(self) -> Vocabularies:
        return self.assessment.vocabularies

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def kind(self, q: Question) -> Kind:
        return kind_of(q, self.assessment, self.today)

    def _keys(self, q: Question) -> list[str] | None:
        """The terms a question is asked one by one for (a ratings question), else None."""
        kind = self.kind(q)
        return kind.keys() if isinstance(kind, Ratings) else None

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
        keys = self._keys(q)
        if keys is not None:
            rated = self.given.get(q.field) or {}
            return all(key in rated for key in keys)
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
        if self._keys(q) is not None:
            merged = dict(get_path(data, q.field) or {})
            merged.update({k: v for k, v in value.items() if v is not None})
            set_path(data, q.field, merged)
        elif q.merge == "extend":
            set_path(data, q.field, [*(get_path(data, q.field) or []), *value])
        elif value is not None:
            set_path(data, q.field, value)

    def steps(self) -> Iterator[tuple[Step, bool]]:
        """Every step that applies now, with whether it has a valid answer."""
        walk = self._walk()
        for q in walk.asked:
            keys = self._keys(q)
            if keys is None:
                yield Step(q), walk.valid[q.id]
                continue
            given = self.given.get(q.field) or {}
            answered = self.answers.get(q.id) or {}
            for key in keys:
                if key in given:
                    continue
                step = Step(q, key)
                yield step, key in answered and step.id not in self.reopened

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

        The total counts every question that the given answers (--set, --answers) leave
        possible, so it never changes mid-way ("/30" then "/31", or "/32" then "/30"): a
        question that an answer rules out is skipped, and its number with it.
        """
        ids = self._planned_ids()
        number = ids.index(step.id) + 1 if step.id in ids else len(ids)
        return number, len(ids)

    def planned_total(self) -> int:
        """How many steps may be asked, as the question counter shows it ("[1/32]")."""
        return len(self._planned_ids())

    def _planned_ids(self) -> list[str]:
        known = self._given_data()
        ids: list[str] = []
        for q in self.questions:
            if self._is_given(q) or not could_hold(q.when, known):
                continue
            keys = self._keys(q)
            if keys is None:
                ids.append(Step(q).id)
                continue
            rated = self.given.get(q.field) or {}
            ids += [Step(q, key).id for key in keys if key not in rated]
        return ids

    def answered_count(self) -> int:
        return sum(1 for _, done in self.steps() if done)

    def missing(self) -> list[Step]:
        """Required steps without an answer."""
        return [s for s, done in self.steps() if not done and s.question.required]

    def is_complete(self) -> bool:
        return not self.missing()

    # -- defaults --------------------------------------------------------------------------

    def _before(self, q: Question) -> dict[str, Any]:
        return self._walk().before.get(q.id, self._given_data())

    def default(self, step: Step, before: dict[str, Any] | None = None) -> Any:
        """The answer offered at the prompt: the last answer, last year's, or the
        catalogue's; MISSING if there is none. For a rating, None means "not sure"."""
        q = step.question
        if before is None:
            before = self._before(q)
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
            candidates.append(self._from_prior(q, before))
            if q.kind == "date":
                candidates.append(default_start(self.today))
            candidates.append(q.default)
        kind = self.kind(q)
        for candidate in candidates:
            if candidate is None and step.key is None:
                continue
            try:
                return self.check_step(step, kind.fit(candidate, before), before)
            except AnswerError:
                continue
        return MISSING

    def _from_prior(self, q: Question, before: dict[str, Any]) -> Any:
        if not self.prior or q.reuse == "no":
            return None
        value = self.prior.get(q.field)
        if q.reuse == "add-elapsed-years":
            if value is None or self.prior.get("role") != get_path(before, "role"):
                return None
            if self.prior_assessed_on is None:
                return value
            elapsed = (self.today - self.prior_assessed_on).days / 365.25
            return round((float(value) + max(elapsed, 0)) * 2) / 2
        return copy.deepcopy(value)

    # -- checking --------------------------------------------------------------------------

    def check_step(self, step: Step, value: Any, before: dict[str, Any]) -> Any:
        kind = self.kind(step.question)
        if step.key is not None and isinstance(kind, Ratings):
            return kind.rating(step.key, value)
        return kind.check(value, before)

    def check(self, q: Question, value: Any, before: dict[str, Any]) -> Any:
        """The typed answer to `q`, or AnswerError saying what is allowed."""
        return self.kind(q).check(value, before)

    def check_field(self, path: str, value: Any) -> Any:
        """A value for a profile field from a file or --set, checked as a prompt would be
        (but against the whole vocabulary: choices hidden at a prompt are allowed here)."""
        if path in EXTRA_FIELDS:
            return check_text(value, path, required=False)
        if path in RETIRED_FIELDS:
            if not isinstance(value, bool):
                raise AnswerError(f"{path} must be true or false")
            return value
        q = next(q for q in self.questions if q.field == path)
        return self.kind(q).check_given(value)

    def is_keyed(self, path: str) -> bool:
        """Whether the field at `path` holds one answer per term (the ratings)."""
        q = next((q for q in self.questions if q.field == path), None)
        return q is not None and self._keys(q) is not None

    # -- answering -------------------------------------------------------------------------

    def prompt(self, step: Step) -> Prompt:
        walk = self._walk()
        q = step.question
        before = walk.before.get(q.id, walk.data)
        kind = self.kind(q)
        number, total = self.progress(step)
        message, help_, note = q.prompt, kind.help(before), ""
        keys = self._keys(q)
        if step.key is not None and keys is not None:
            term = self.vocab.term(q.choices or "", step.key)
            message, help_ = term.label, term.help
            noun = self.assessment.noun(q.choices or "")
            note = f"({noun} {keys.index(step.key) + 1} of {len(keys)})"
        intro = ""
        if step.key is None and q.id in self.answers and step.id not in self.reopened:
            intro = "Your earlier answer here no longer fits your other answers; please check it."

        def validate(raw: Any) -> str | None:
            try:
                self.check_step(step, raw, before)
            except AnswerError as exc:
                return wording.sentence(str(exc))
            return None

        return Prompt(
            step=step,
            kind=kind.widget,
            message=message,
            help=help_,
            options=kind.options(before),
            default=self.default(step, before),
            number=number,
            total=total,
            section=q.section,
            validate=validate,
            note=note,
            intro=intro,
            typed=kind.as_typed,
        )

    def answer(self, step: Step, value: Any) -> Any:
        """Record an answer (raises AnswerError if it is not allowed)."""
        q = step.question
        typed = self.check_step(step, value, self._before(q))
        if step.key is not None:
            ratings = dict(self.answers.get(q.id) or {})
            ratings[step.key] = typed
            self.answers[q.id] = ratings
        else:
            self.answers[q.id] = typed
        if step.id in self.reopened:
            self.reopened.remove(step.id)
        return typed

    def understood(self, step: Step, raw: Any, value: Any) -> str | None:
        """The answer in words if it was typed in another form, to echo back."""
        return None if step.key is not None else self.kind(step.question).understood(raw, value)

    def reopen(self, step: Step) -> None:
        """Ask `step` again (from the review screen). A given field is released first."""
        q = step.question
        if step.key is not None:
            given = self.given.get(q.field) or {}
            if step.key in given:
                self.prior[q.field] = {**(self.prior.get(q.field) or {}), step.key: given[step.key]}
                self.given[q.field] = {k: v for k, v in given.items() if k != step.key}
        elif q.field in self.given:
            self.prior[q.field] = self.given.pop(q.field)
        if step.id not in self.reopened:
            self.reopened.append(step.id)

    def give(self, path: str, value: Any) -> None:
        """A field filled in from a file or --set (raises AnswerError)."""
        typed = self.check_field(path, value)
        if self.is_keyed(path):
            self.given[path] = {
                **(self.given.get(path) or {}),
                **{k: v for k, v in typed.items() if v is not None},
            }
        elif typed is None:
            self.given.pop(path, None)
        else:
            self.given[path] = typed

    def use_prior(self, profile: Profile) -> None:
        """Last time's profile: its answers become the defaults (`--from`)."""
        data = profile_to_data(profile)
        self.prior = {
            path: get_path(data, path)
            for path in {q.field for q in self.questions} | set(EXTRA_FIELDS)
            if get_path(data, path) is not None
        }
        self.prior_assessed_on = profile.assessed_on
        for name in EXTRA_FIELDS:
            if self.prior.get(name) and name not in self.given:
                self.given[name] = self.prior[name]

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
        return Problem(
            "assess",
            None,
            None,
            q.field,
            f"no answer to \u201c{q.prompt}\u201d; add `{q.field}` to the "
            f"answers file or pass --set {q.field}={self.kind(q).example}",
        )

    # -- display -----------------------------------------------------------------------------

    def show(self, q: Question, value: Any) -> str:
        """An answer in words, as on the review screen."""
        return self.kind(q).show(value)

    def review_rows(self) -> list[ReviewRow]:
        """Every answer that will go into the profile, in question order."""
        walk = self._walk()
        asked = {q.id for q in walk.asked}
        rows: list[ReviewRow] = []
        for q in self.questions:
            if self._keys(q) is not None:
                rows.extend(self._keyed_rows(q, walk))
            elif q.field in self.given:
                if q is next(x for x in self.questions if x.field == q.field):
                    shown = self.show(q, self.given[q.field])
                    rows.append(ReviewRow(Step(q), q.label, shown, self.given_from))
            elif q.id in asked:
                if not walk.valid.get(q.id, False):
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

    def _keyed_rows(self, q: Question, walk: _Walk) -> list[ReviewRow]:
        given = self.given.get(q.field) or {}
        answered = self.answers.get(q.id) or {}
        rows = []
        for key in self._keys(q) or []:
            step, label = Step(q, key), self.vocab.label(q.choices or "", key)
            top = self.assessment.top
            if key in given:
                level = given[key]
                text = rating_text(self.assessment, level)
                rows.append(ReviewRow(step, label, text, self.given_from, level, top))
            elif q in walk.asked:
                level = answered.get(key)
                text = rating_text(self.assessment, level)
                source = "answered" if key in answered else "not answered"
                rows.append(ReviewRow(step, label, text, source, level, top))
        return rows


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
        _ask(interview, ui, step, prompt)
        autosave(interview)


def _ask(interview: Interview, ui: UI, step: Step, prompt: Prompt) -> None:
    while True:
        value = ui.ask(prompt)
        try:
            typed = interview.answer(step, value)
        except AnswerError as exc:  # a UI that does not validate as it goes
            prompt = replace(prompt, help=f"{wording.sentence(str(exc))}. {prompt.help}".strip())
            continue
        echo = interview.understood(step, value, typed)
        if echo:
            ui.understood(echo)
        return
