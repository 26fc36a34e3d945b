"""Shared validation pieces: vocabulary ids, slugs, URLs, and pydantic errors as Problems.

Vocabulary ids (roles, areas, goals ...) are data, loaded from the catalogue's assessment
definition, so they are checked against the vocabularies passed in the validation
context rather than fixed in code.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from careerplan import wording
from careerplan.clock import EARLIEST, LATEST
from careerplan.errors import Problem
from careerplan.store.yamlio import Loc, YamlDoc


def describe_error(err: Mapping[str, Any]) -> str:
    """A pydantic error as a sentence a doctor can act on."""
    kind = err["type"]
    value = err.get("input")
    fixed = _FIXED.get(kind)
    if fixed is not None:
        return fixed
    expected = _TYPE_WORDS.get(kind)
    if expected is not None:
        return f"must be {expected}, not {_show(value)}"
    if kind.startswith("date_"):
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value):
            return f"{value} is not a real date; check the month and the day"
        return f"must be a date written YYYY-MM-DD, not {_show(value)}"
    ctx = err.get("ctx", {})
    bound = _BOUNDS.get(kind)
    if bound is not None:
        size, limit, key = bound
        return f"{_show(value)} is too {size}: {limit} {_num(ctx.get(key))}"
    if kind == "literal_error":
        return f"{_show(value)} is not allowed; use {ctx.get('expected', '')}"
    if kind == "too_long":
        return f"has {ctx.get('actual_length')} items; at most {ctx.get('max_length')} allowed"
    if kind == "too_short":
        if isinstance(value, str):
            return "must not be empty"
        return f"has {ctx.get('actual_length')} items; at least {ctx.get('min_length')} needed"
    return _own_words(err["msg"], keep=kind == "union_tag_invalid")


_FIXED = {
    "missing": "is required but missing; add it",
    "extra_forbidden": "is not a field here; check the spelling or remove it",
}
# Error kind -> what the value must be.
_TYPE_WORDS = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (e.g. [a, b])",
    "dict_type": "a mapping of `key: value` lines",
    "model_type": "a mapping of `key: value` lines",
    "model_attributes_type": "a mapping of `key: value` lines",
}
# Error kind -> (too what, the limit in words, the context key holding the limit).
_BOUNDS = {
    "greater_than_equal": ("small", "the lowest allowed is", "ge"),
    "less_than_equal": ("large", "the highest allowed is", "le"),
    "greater_than": ("small", "it must be more than", "gt"),
    "less_than": ("large", "it must be less than", "lt"),
}


def _own_words(msg: str, *, keep: bool = False) -> str:
    """pydantic's own message (or one of ours raised as a ValueError), without its prefix
    and starting in lower case unless it starts with a name or an acronym."""
    if keep:
        return msg
    msg = msg.removeprefix("Value error, ")
    return msg[:1].lower() + msg[1:] if msg[:2] != msg[:2].upper() else msg


def _num(value: Any) -> str:
    """20.0 as 20, 0.5 as 0.5."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    if isinstance(value, dict):
        text = "a mapping"
    elif isinstance(value, list):
        text = "a list"
    return text if len(text) <= 40 else text[:37] + "..."


def clean_loc(loc: Iterable[Any]) -> Loc:
    """Drop pydantic's union branch names and `[key]` markers from an error location."""
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and (
            part.startswith(("function-", "constrained-", "literal["))
            or part in ("[key]", "str", "int", "float", "date", "bool", "list", "dict")
        ):
            continue
        out.append(part)
    return tuple(out)


def problems_from(
    exc: ValidationError,
    doc: YamlDoc,
    base: Loc = (),
    entry_of: Callable[[Loc], tuple[str | None, Loc]] | None = None,
) -> list[Problem]:
    """Turn a pydantic ValidationError on data from `doc` into Problems with lines.

    `base` is where the validated data sits in the document; `entry_of` splits a location
    into (entry name, field path) for files that hold several entries.
    """
    problems = []
    seen: set[tuple[Loc, str]] = set()
    for err in exc.errors():
        loc = (*base, *clean_loc(err["loc"]))
        text = describe_error(dict(err))
        if (loc, text) in seen:
            continue
        seen.add((loc, text))
        entry, field_loc = entry_of(loc) if entry_of else (None, loc)
        if (
            len(field_loc) > 1
            and isinstance(field_loc[-1], int)
            and not isinstance(err.get("input"), (dict, list))
        ):
            # A list item: the line and the quoted value already say which one.
            field_loc = field_loc[:-1]
        field = ".".join(str(p) for p in field_loc) or None
        problems.append(Problem(doc.name, doc.line_of(loc), entry, field, text))
    return problems


# --- values a model type lets through but the tool cannot use ------------------------------


def value_problems(data: Any, doc: YamlDoc, *, latest: dt.date = LATEST) -> list[Problem]:
    """Numbers that are not finite (.nan, .inf) and dates outside EARLIEST..`latest`,
    anywhere in `data` (a validated model's `model_dump()`), each a Problem with its line."""
    problems: list[Problem] = []

    def walk(value: Any, loc: Loc) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, (*loc, key))
        elif isinstance(value, (list, tuple)):
            for index, inner in enumerate(value):
                walk(inner, (*loc, index))
        elif isinstance(value, float) and not math.isfinite(value):
            shown = ("-.inf" if value < 0 else ".inf") if math.isinf(value) else ".nan"
            problems.append(problem_at(doc, loc, f"must be a finite number, not {shown}"))
        elif isinstance(value, dt.date) and not EARLIEST <= _day(value) <= latest:
            problems.append(
                problem_at(
                    doc,
                    loc,
                    f"{wording.date(_day(value))} is outside the years {EARLIEST.year} to "
                    f"{latest.year}; check the year",
                )
            )

    walk(data, ())
    return problems


def duplicate_problems(ids: list[str], base: Loc, field: str, doc: YamlDoc) -> list[Problem]:
    """One Problem for each id listed again after its first use (entries of `base`)."""
    seen: set[str] = set()
    problems = []
    for index, value in enumerate(ids):
        if value in seen:
            problems.append(
                problem_at(
                    doc,
                    (*base, index, field),
                    f"'{value}' is listed twice; each entry needs its own {field}",
                )
            )
        seen.add(value)
    return problems


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def problem_at(doc: YamlDoc, loc: Loc, message: str) -> Problem:
    """A problem at `loc` in `doc` (its line, and the field it names; () is the whole file)."""
    field = ".".join(str(p) for p in loc) or None
    return Problem(doc.name, doc.line_of(loc), None, field, message)
