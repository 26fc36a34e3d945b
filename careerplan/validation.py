"""Shared validation pieces: vocabulary ids, slugs, URLs, and pydantic errors as Problems.

Vocabulary ids (roles, areas, goals ...) are data, loaded from the catalogue's assessment
definition, so they are checked against the vocabularies passed in the validation
context rather than fixed in code.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, ValidationError, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from careerplan import textsafe, wording
from careerplan.errors import InputError, Problem
from careerplan.yamlio import Loc, YamlDoc

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The nearest valid id to a mistyped one, if any is near enough."""
    return _closest(str(value), tuple(choices))


@functools.lru_cache(maxsize=512)
def _closest(value: str, choices: tuple[str, ...]) -> str | None:
    # Cached: a union such as `format: FormatId | Literal["unknown"]` tries the vocabulary
    # first, and builds (then drops) this hint for every entry that says 'unknown'.
    matches = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return matches[0] if matches else None


def suggestion(value: str, choices: Iterable[str]) -> str:
    best = closest(value, choices)
    return f"; did you mean '{best}'?" if best else ""


def then(value: str, choices: Iterable[str], rest: str) -> str:
    """A suggestion, if any, followed by `rest` as its own sentence or clause."""
    hint = suggestion(value, choices)
    return f"{hint} {rest[:1].upper()}{rest[1:]}" if hint else f"; {rest}"


def _check_slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise PydanticCustomError(
            "slug",
            "'{value}' is not a valid id: use lower-case letters, digits and hyphens",
            {"value": value},
        )
    return value


Slug = Annotated[
    str, AfterValidator(_check_slug), WithJsonSchema({"type": "string", "pattern": SLUG_RE.pattern})
]


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in value:
        raise PydanticCustomError(
            "url",
            "'{value}' is not a web address: it should start with https:// and name a site",
            {"value": value},
        )
    return value


Url = Annotated[
    str,
    AfterValidator(_check_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]


def vocab_check(vocabulary: str) -> Any:
    """The check behind a vocabulary id: it must be an id of the named vocabulary."""

    def check(value: str, info: ValidationInfo) -> str:
        vocabularies = (info.context or {}).get("vocabularies")
        if not vocabularies or vocabulary not in vocabularies:
            return value
        allowed = vocabularies[vocabulary]
        if value not in allowed:
            raise PydanticCustomError(
                "unknown_id",
                "unknown {kind} '{value}'{hint}",
                {
                    "kind": _singular(vocabulary),
                    "value": value,
                    "hint": suggestion(value, allowed) or _list_hint(allowed),
                },
            )
        return value

    return AfterValidator(check)


def _vocab_schema(vocabulary: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "x-vocabulary": vocabulary})


# A string that must be an id from the named vocabulary of the assessment definition. Each
# is a plain Annotated alias so that type checkers see a str.
AreaId = Annotated[str, vocab_check("areas"), _vocab_schema("areas")]
FormatId = Annotated[str, vocab_check("formats"), _vocab_schema("formats")]
FundingId = Annotated[str, vocab_check("funding"), _vocab_schema("funding")]
GoalId = Annotated[str, vocab_check("goals"), _vocab_schema("goals")]
KindId = Annotated[str, vocab_check("kinds"), _vocab_schema("kinds")]
OrganisationId = Annotated[str, vocab_check("organisations"), _vocab_schema("organisations")]
RoleId = Annotated[str, vocab_check("roles"), _vocab_schema("roles")]
StageId = Annotated[str, vocab_check("stages"), _vocab_schema("stages")]
SupportId = Annotated[str, vocab_check("support"), _vocab_schema("support")]
RegionId = Annotated[str, vocab_check("regions"), _vocab_schema("regions")]
REGION_NOT_GIVEN = "not-given"  # the regions vocabulary's "Rather not say" (assessment.yaml)
GradeId = Annotated[str, vocab_check("grades"), _vocab_schema("grades")]
GRADE_NOT_GIVEN = "not-given"  # the grades vocabulary's "Rather not say" (assessment.yaml)
SituationId = Annotated[str, vocab_check("situations"), _vocab_schema("situations")]
HeldRoleId = Annotated[str, vocab_check("held_roles"), _vocab_schema("held_roles")]
CqcRatingId = Annotated[str, vocab_check("cqc_ratings"), _vocab_schema("cqc_ratings")]
CharacteristicId = Annotated[str, vocab_check("characteristics"), _vocab_schema("characteristics")]


def _singular(vocabulary: str) -> str:
    return {
        "areas": "area",
        "goals": "goal",
        "roles": "role",
        "stages": "stage",
        "kinds": "kind",
        "formats": "format",
        "organisations": "organisation type",
        "funding": "funding route",
        "support": "support type",
        "statuses": "status",
        "cost_bands": "cost band",
        "situations": "situation",
        "held_roles": "role held",
        "characteristics": "characteristic",
        "cqc_ratings": "CQC rating",
        "relationships": "relationship",
        "regions": "region",
        "grades": "grade",
    }.get(vocabulary, vocabulary)


def _list_hint(allowed: Iterable[str]) -> str:
    allowed = list(allowed)
    if len(allowed) <= 8:
        return "; use one of: " + ", ".join(allowed)
    return "; see `careerplan catalogue vocab` for the valid ids"


def fill_vocabularies(schema: Any, vocabularies: dict[str, list[str]]) -> Any:
    """Put each vocabulary's ids into a JSON Schema as `enum`s, for editor completion."""
    if isinstance(schema, dict):
        out = {k: fill_vocabularies(v, vocabularies) for k, v in schema.items()}
        name = out.pop("x-vocabulary", None)
        if name is not None and name in vocabularies:
            out["enum"] = list(vocabularies[name])
        return out
    if isinstance(schema, list):
        return [fill_vocabularies(v, vocabularies) for v in schema]
    return schema


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

#: Dates a person's input may hold (a profile's start, a hand-edited plan's dates): the
#: calendar arithmetic of a plan (months added, reviews, next year's plan) stays in range.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)
#: A plan runs up to five years past its start, so its own dates may go that much further.
PLAN_LATEST = dt.date(2209, 12, 31)


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
            problems.append(_at(doc, loc, f"must be a finite number, not {shown}"))
        elif isinstance(value, dt.date) and not EARLIEST <= _day(value) <= latest:
            problems.append(
                _at(
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
                _at(
                    doc,
                    (*base, index, field),
                    f"'{value}' is listed twice; each entry needs its own {field}",
                )
            )
        seen.add(value)
    return problems


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _at(doc: YamlDoc, loc: Loc, message: str) -> Problem:
    field = ".".join(str(p) for p in loc) or None
    return Problem(doc.name, doc.line_of(loc), None, field, message)


#: Characters a saved file may not hold (the YAML reader refuses them; terminals act on them).
CONTROL = textsafe.CONTROL


def plain_text(value: str, what: str, *, one_line: bool = False, most: int | None = None) -> str:
    """`value` with line endings made `\\n` (or, `one_line`, all white space one space),
    or InputError naming `what` if a control character (an escape sequence, a bell) or
    too much text is left. The value itself is never echoed: it may hold an escape."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = " ".join(text.split()) if one_line else text.strip()
    if bad := textsafe.refused_char(text):
        kind = "control character" if textsafe.CONTROL.match(bad) else "character"
        raise InputError(
            f"{what}: contains the {kind} U+{ord(bad):04X}, which a saved plan cannot "
            "hold (from an escape sequence or a paste); type plain text"
        )
    if most is not None and len(text) > most:
        raise InputError(f"{what}: is {len(text):,} characters long; at most {most} allowed")
    return text
