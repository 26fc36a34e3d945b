"""Answers given without asking: a profile file (`--answers FILE`) and `--set key=value`.

Both fill in `Interview.given`, checked as a prompt would check them; every problem in a
file is reported together, each naming its line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from careerplan.assess.fields import EXTRA_FIELDS, RETIRED_FIELDS
from careerplan.assess.interview import Interview
from careerplan.errors import InputError, Problem, ValidationFailed
from careerplan.model.assessment import Assessment
from careerplan.model.profile import PROFILE_VERSION
from careerplan.model.types import closest, suggestion
from careerplan.parsing import AnswerError
from careerplan.store.validation import problem_at
from careerplan.store.yamlio import YamlDoc


def field_paths(assessment: Assessment) -> list[str]:
    paths: list[str] = []
    for q in assessment.questions:
        if q.field not in paths:
            paths.append(q.field)
    return [*paths, *EXTRA_FIELDS, *RETIRED_FIELDS]


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
    question = next((q for q in interview.questions if q.field == head), None)
    if question is not None and area and interview.is_keyed(head):
        areas = interview.vocab.ids()[question.choices or ""]
        if area not in areas:
            noun = interview.assessment.noun(question.choices or "")
            raise AnswerError(f"unknown {noun} '{area}'{suggestion(area, areas)}")
        return head, area
    best = closest(key, [*paths, *by_id])
    if best:
        raise AnswerError(f"not a profile field or question; did you mean '{best}'?")
    raise AnswerError(f"not a profile field or question; use one of: {', '.join(paths)}")


def apply_set(interview: Interview, expr: str) -> str | None:
    """Apply one `--set key=value` (InputError naming the flag if it is not allowed).

    Returns what was understood, in words, when the value was written in another form
    (`--set start=1/12/2026` is "Tuesday 1 Dec 2026"), else None.
    """
    key, sep, raw = expr.partition("=")
    if not sep or not key.strip():
        raise InputError(f"--set {expr}: write it as key=value, such as --set role=consultant")
    try:
        path, area = resolve_key(interview, key)
        interview.give(path, {area: raw.strip()} if area is not None else raw.strip())
    except AnswerError as exc:
        raise InputError(f"--set {expr}: {exc}") from None
    question = next((q for q in interview.questions if q.field == path), None)
    if question is None or area is not None:
        return None
    return interview.kind(question).understood(raw.strip(), interview.given.get(path))


def overridden(interview: Interview, sets: list[str]) -> set[str]:
    """The fields (`years_in_role`, `ratings.finance`) that `--set` gives: an answers
    file's value for them is not used, so --set can correct a bad one."""
    fields: set[str] = set()
    for expr in sets:
        key, sep, _ = expr.partition("=")
        try:
            path, area = resolve_key(interview, key) if sep else ("", None)
        except AnswerError:
            continue  # apply_set says what is wrong with it
        fields.add(f"{path}.{area}" if area is not None else path)
    fields.discard("")
    return fields


def apply_answers_file(
    interview: Interview, doc: YamlDoc, skip: frozenset[str] | set[str] = frozenset()
) -> None:
    """Fill in answers from a full or partial profile; every problem is raised together.
    Fields in `skip` (given by --set) are left to --set, right or wrong in the file."""
    data = doc.data
    if data is None:
        return
    if not isinstance(data, dict):
        raise ValidationFailed(
            [
                problem_at(
                    doc,
                    (),
                    "is not a profile: expected fields such as `role:` "
                    "and `goals:` (see `careerplan profile schema`)",
                )
            ]
        )
    problems: list[Problem] = []
    paths = field_paths(interview.assessment)
    groups = {p.split(".")[0] for p in paths if "." in p}

    def bad(loc: tuple[str, ...], message: str) -> None:
        if ".".join(loc) in skip or loc[0] in skip:
            return  # --set gives this one
        problems.append(Problem(doc.name, doc.line_of(loc), None, ".".join(loc), message))

    version_problem = _version_problem(data.get("version"))
    if version_problem:
        bad(("version",), version_problem)
    for key, value in data.items():
        if key in ("version", "assessed_on"):
            continue
        if key in groups:
            _give_group(interview, key, value, paths, bad)
            continue
        if key not in paths:
            top = sorted({p.split(".")[0] for p in paths} | {"version", "assessed_on"})
            bad((str(key),), f"is not a profile field{suggestion(str(key), top)}")
            continue
        if key not in skip:
            _give(interview, key, value, (key,), bad)
    if problems:
        raise ValidationFailed(problems)
    interview.given_from = doc.name


def _version_problem(version: Any) -> str | None:
    if version is None:
        return None
    whole = isinstance(version, int) and not isinstance(version, bool)
    if whole and 1 <= version <= PROFILE_VERSION:
        return None
    if whole and version > 1:
        return (
            f"version {version} was written by a newer careerplan; "
            "upgrade careerplan (this one reads version 1)"
        )
    return "must be 1"


def _give_group(
    interview: Interview,
    key: str,
    value: Any,
    paths: list[str],
    bad: Callable[[tuple[str, ...], str], None],
) -> None:
    """A group of fields such as `constraints:`, each checked on its own."""
    if not isinstance(value, dict):
        bad((key,), "must be a mapping of `key: value` lines")
        return
    for sub, subvalue in value.items():
        path = f"{key}.{sub}"
        if path not in paths:
            options = [p.split(".", 1)[1] for p in paths if p.startswith(key + ".")]
            bad((key, sub), f"is not a field here{suggestion(str(sub), options)}")
            continue
        _give(interview, path, subvalue, (key, sub), bad)  # `bad` skips what --set gives


def _give(
    interview: Interview,
    path: str,
    value: Any,
    loc: tuple[str, ...],
    bad: Callable[[tuple[str, ...], str], None],
) -> None:
    if interview.is_keyed(path) and isinstance(value, dict):
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
