"""Reading, checking and writing a profile file: its YAML checked against the profile
model, with every problem named by file and line, and a profile written back as tidy YAML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from careerplan import clock
from careerplan.errors import Problem, ValidationFailed
from careerplan.model.profile import (
    MAX_ITEMS,
    PROFILE_VERSION,
    Profile,
    _tidy_numbers,
    _too_many,
    without_defaults,
)
from careerplan.store.validation import problem_at, problems_from, value_problems
from careerplan.store.yamlio import YamlDoc, load_yaml


def validate_profile(
    data: Any, doc: YamlDoc, vocabularies: dict[str, list[str]], today: dt.date | None = None
) -> Profile:
    """Validate parsed profile data; every problem is raised together as ValidationFailed."""
    if not isinstance(data, dict):
        raise ValidationFailed(
            [
                problem_at(
                    doc,
                    (),
                    "is not a profile: expected `version: 1`, `role:`, "
                    "`goals:` ... (see `careerplan profile schema`)",
                )
            ]
        )
    if "items" in data and "profile" in data:
        raise ValidationFailed(
            [
                problem_at(
                    doc,
                    (),
                    "is a saved plan, not a profile; give the profile it "
                    "was made from (a plan's own profile is under its "
                    "`profile:` key)",
                )
            ]
        )
    if "version" not in data:
        extra = [Problem(doc.name, 1, None, "version", "is missing; add `version: 1` at the top")]
    else:
        extra = []
    try:
        profile = Profile.model_validate(
            {"version": PROFILE_VERSION, **data} if extra else data,
            context={"vocabularies": vocabularies, "today": today or clock.today()},
        )
    except ValidationError as exc:
        raise ValidationFailed(extra + problems_from(exc, doc) + _lengths(data, doc)) from None
    if extra:
        raise ValidationFailed(extra)
    if beyond := value_problems(profile.model_dump(), doc):
        raise ValidationFailed(beyond)
    return profile


def _lengths(data: dict[str, Any], doc: YamlDoc) -> list[Problem]:
    """Lists that are too long, reported even when an item in them is also wrong (pydantic
    stops at the items)."""
    return [
        Problem(doc.name, doc.line_of((name,)), None, name, _too_many(len(value), limit))
        for name, limit in MAX_ITEMS.items()
        if isinstance(value := data.get(name), list) and len(value) > limit
    ]


def load_profile(
    path: Path, vocabularies: dict[str, list[str]], today: dt.date | None = None
) -> Profile:
    doc = load_yaml(Path(path), what="profile")
    return validate_profile(doc.data, doc, vocabularies, today)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flat = all(isinstance(v, (str, int, float, bool)) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat)


def profile_yaml(profile: Profile, scale: Mapping[int, str] | None = None) -> str:
    """The profile as YAML, its header naming the rating scale (`scale`: value -> label,
    the assessment's) when given."""
    levels = ", ".join(f"{v} {label}" for v, label in sorted((scale or {}).items()))
    header = (
        "# careerplan profile: personal data, keep it private.\n"
        + (f"# Ratings: {levels}.\n" if levels else "")
        + "# Check it with `careerplan profile validate FILE`.\n"
    )
    data = _tidy_numbers(without_defaults(profile.model_dump(mode="python", exclude_none=True)))
    body = yaml.dump(
        data,
        Dumper=_ProfileDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return header + body


class _ProfileDumper(yaml.SafeDumper):
    """Lists of ids on one line (`goals: [a, b]`), dates unquoted, as in DESIGN.md."""


_ProfileDumper.add_representer(list, _represent_list)
