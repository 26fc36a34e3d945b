"""The frameworks appraisers and boards use, as data: catalogue/frameworks.yaml.

Good medical practice (medical appraisal), NHS England's leadership competency framework
for board members (board appraisal and the Fit and Proper Person Test), FMLM's standards
and the Healthcare Leadership Model: each with its domains, its sources and the date they
were checked, and a mapping of every development area to the domains it develops. The
functions here are pure: which domains a set of areas develops, and the self-ratings
grouped by domain.
"""

import datetime as dt
from typing import Any, NamedTuple

from pydantic import Field, model_validator

from careerplan.model.assessment import Strict
from careerplan.model.types import AreaId, OrganisationId, RoleId, Slug, Url, new_list


class FrameworkSource(Strict):
    title: str = Field(min_length=1)
    url: Url


class Domain(Strict):
    id: Slug
    label: str = Field(min_length=1)
    short: str | None = Field(default=None, description="A shorter label for narrow places")

    @property
    def name(self) -> str:
        return self.short or self.label


class Framework(Strict):
    """One framework: its domains, where it comes from, and the areas mapped to them."""

    id: Slug
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    used_for: str = Field(min_length=1)
    status: str = Field(min_length=1, description="What is in force, as checked")
    checked: dt.date
    board: bool = Field(default=False, description="The framework of the board appraisal")
    attestation: str | None = Field(
        default=None, description="For the board framework: what the annual attestation asks"
    )
    sources: list[FrameworkSource] = Field(min_length=1)
    domains: list[Domain] = Field(min_length=1)
    areas: dict[AreaId, list[Slug]] = Field(
        description="Every development area and the ids of the domains it develops "
        "([] when the framework has none for it)"
    )

    @model_validator(mode="after")
    def _domains_known(self) -> "Framework":
        ids = [d.id for d in self.domains]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.id}: a domain id appears twice")
        for area, domains in self.areas.items():
            for domain in domains:
                if domain not in ids:
                    raise ValueError(
                        f"{self.id}: area {area} names unknown domain '{domain}'; "
                        f"use one of: {', '.join(ids)}"
                    )
        return self

    def domain(self, id_: str) -> Domain:
        return next(d for d in self.domains if d.id == id_)

    def domains_for(self, areas: list[str]) -> list[Domain]:
        """The domains `areas` develop, in the framework's own order."""
        wanted = {d for a in areas for d in self.areas.get(a, [])}
        return [d for d in self.domains if d.id in wanted]


class BoardRequirement(Strict):
    """What applies to a board-level leader in some kinds of organisation: the board
    framework (`framework`, for NHS bodies), or a requirement described here, sourced and
    with a caveat (for other providers)."""

    organisations: list[OrganisationId] = Field(min_length=1)
    framework: Slug | None = Field(
        default=None, description="The id of the framework whose domains the section uses"
    )
    title: str | None = Field(default=None, description="The requirement, when no framework")
    publisher: str | None = None
    requirement: str | None = Field(
        default=None, description="What it asks of the person, and what the plan can show"
    )
    caveat: str | None = Field(
        default=None,
        description="Said in the section whenever it applies (the limits of what is known, "
        "and the report's own caveat for settings outside the NHS)",
    )
    status: str | None = None
    checked: dt.date | None = None
    sources: list[FrameworkSource] = Field(default_factory=new_list)

    @model_validator(mode="after")
    def _one_or_other(self) -> "BoardRequirement":
        if self.framework is None:
            missing = [
                name
                for name in ("title", "publisher", "requirement", "caveat", "checked")
                if getattr(self, name) is None
            ]
            if missing or not self.sources:
                raise ValueError(
                    "a requirement without `framework:` needs "
                    + ", ".join([*missing, *([] if self.sources else ["sources"])])
                )
        return self


class Frameworks(Strict):
    version: int = 1
    board_roles: list[RoleId] = Field(default_factory=new_list)
    board_requirements: list[BoardRequirement] = Field(
        default_factory=new_list,
        description="What the board appraisal section says for each kind of organisation; "
        "absent: the board framework for every organisation",
    )
    frameworks: list[Framework] = Field(default_factory=new_list)

    @model_validator(mode="after")
    def _unique(self) -> "Frameworks":
        ids = [f.id for f in self.frameworks]
        if len(set(ids)) != len(ids):
            raise ValueError("a framework id appears twice")
        if sum(f.board for f in self.frameworks) > 1:
            raise ValueError("at most one framework can be marked `board: true`")
        for r in self.board_requirements:
            if r.framework is not None and r.framework not in ids:
                raise ValueError(f"board_requirements: unknown framework '{r.framework}'")
        return self

    def ids(self) -> list[str]:
        return [f.id for f in self.frameworks]

    def get(self, id_: str) -> Framework | None:
        return next((f for f in self.frameworks if f.id == id_), None)

    @property
    def board(self) -> Framework | None:
        return next((f for f in self.frameworks if f.board), None)

    @property
    def medical(self) -> Framework | None:
        """Good medical practice: the framework PDP rows are mapped to."""
        return self.get("gmp")

    def is_board_level(self, role: str) -> bool:
        return role in self.board_roles

    def board_requirement(self, organisation: str) -> BoardRequirement | None:
        """What applies to a board member in this kind of organisation (None: no rule for
        it, and the board framework is used as before)."""
        return next((r for r in self.board_requirements if organisation in r.organisations), None)


def check_areas(frameworks: Frameworks, area_ids: list[str]) -> list[str]:
    """Problems with the mapping: every framework must map every area, and no other."""
    problems = []
    for fw in frameworks.frameworks:
        missing = [a for a in area_ids if a not in fw.areas]
        if missing:
            problems.append(
                f"frameworks.{fw.id}.areas: no mapping for {', '.join(missing)}; add each "
                "area with the domains it develops ([] for none)"
            )
    return problems


class GroupedRating(NamedTuple):
    """A self-rating under a framework's domain: the area, its label and the rating
    (None: not rated)."""

    area: str
    label: str
    rating: int | None


class DomainRatings(NamedTuple):
    """A framework domain with the person's ratings of the areas it covers."""

    domain: str
    ratings: list[GroupedRating]

    @property
    def mean(self) -> float | None:
        rated = [r.rating for r in self.ratings if r.rating is not None]
        return sum(rated) / len(rated) if rated else None


def ratings_by_domain(
    framework: Framework, ratings: dict[str, int], labels: dict[str, str]
) -> list[DomainRatings]:
    """The self-ratings under each domain of `framework` (an area can sit under several);
    areas the framework does not cover come last under 'Not in this framework'."""
    groups = []
    for domain in framework.domains:
        members = [a for a in labels if domain.id in framework.areas.get(a, [])]
        groups.append(
            DomainRatings(
                domain.label,
                [GroupedRating(a, labels[a], ratings.get(a)) for a in members],
            )
        )
    uncovered = [a for a in labels if not framework.areas.get(a)]
    if uncovered:
        groups.append(
            DomainRatings(
                "Not in this framework",
                [GroupedRating(a, labels[a], ratings.get(a)) for a in uncovered],
            )
        )
    return groups


def frameworks_json_schema(vocabularies: dict[str, list[str]]) -> dict[str, Any]:
    """JSON Schema of catalogue/frameworks.yaml, with area and role ids as enums."""
    from careerplan.model.types import fill_vocabularies

    schema = Frameworks.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "careerplan frameworks file"
    return fill_vocabularies(schema, vocabularies)
