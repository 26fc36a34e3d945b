"""The checked types every model shares: slugs, links, ids from the catalogue's
vocabularies, the range of dates careerplan accepts, and plain text a saved file can hold;
with the "did you mean" suggestion made for a mistyped value.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from careerplan import textsafe
from careerplan.errors import InputError

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


# A field's empty default is made by these rather than by `list` or `dict`: pydantic reads
# the signature of a field's default factory when it builds the model's schema, and a
# built-in's signature is parsed from text with the `tokenize` module (whose import and
# pattern cost about 5 ms of a plan's start-up), where a Python function's is read directly.
def new_list() -> list[Any]:
    """A new empty list: a field's default."""
    return []


def new_dict() -> dict[Any, Any]:
    """A new empty dict: a field's default."""
    return {}
