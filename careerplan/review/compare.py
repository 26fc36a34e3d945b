"""Change over time: two or more profiles of one person, side by side (pure).

Profiles are put in date order (assessed_on). For each area: the rating at each
assessment and the change from the first rated to the last; then how goals, role,
stage and support changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from careerplan import wording
from careerplan.errors import InputError
from careerplan.model.assessment import Assessment
from careerplan.model.feedback import OthersView
from careerplan.model.profile import Profile


@dataclass(frozen=True)
class Snapshot:
    source: str  # file name
    profile: Profile
    stage: str
    others: OthersView | None = None  # colleagues' ratings at the time, pooled

    @property
    def label(self) -> str:
        return wording.date(self.profile.assessed_on)


@dataclass(frozen=True)
class AreaChange:
    area: str
    label: str
    ratings: list[int | None]
    others: list[float | None] = field(default_factory=list)  # others' average, each time

    @property
    def gaps(self) -> list[float | None]:
        """Own rating minus others' average at each assessment (None: not both)."""
        return [
            None if own is None or seen is None else round(own - seen, 1)
            for own, seen in zip(self.ratings, self.others, strict=True)
        ]

    @property
    def change(self) -> int | None:
        rated = [r for r in self.ratings if r is not None]
        if len(rated) < 2:
            return None
        return rated[-1] - rated[0]


@dataclass(frozen=True)
class Comparison:
    snapshots: list[Snapshot]
    areas: list[AreaChange]
    scale: dict[int, str]
    warnings: list[str] = field(default_factory=list)

    @property
    def first(self) -> Snapshot:
        return self.snapshots[0]

    @property
    def last(self) -> Snapshot:
        return self.snapshots[-1]

    def improved(self) -> list[AreaChange]:
        return [a for a in self.areas if (a.change or 0) > 0]

    def gap_changes(self) -> list[AreaChange]:
        """Areas with own and others' ratings at two assessments or more."""
        return [a for a in self.areas if len([g for g in a.gaps if g is not None]) >= 2]

    def declined(self) -> list[AreaChange]:
        return [a for a in self.areas if (a.change or 0) < 0]

    def unchanged(self) -> list[AreaChange]:
        return [a for a in self.areas if a.change == 0]

    def goals_added(self) -> list[str]:
        return [g for g in self.last.profile.goals if g not in self.first.profile.goals]

    def goals_dropped(self) -> list[str]:
        return [g for g in self.first.profile.goals if g not in self.last.profile.goals]

    def support_added(self) -> list[str]:
        return [
            s
            for s in self.last.profile.support_in_place
            if s not in self.first.profile.support_in_place
        ]

    def support_ended(self) -> list[str]:
        return [
            s
            for s in self.first.profile.support_in_place
            if s not in self.last.profile.support_in_place
        ]

    def person(self) -> str:
        return self.last.profile.name or "this person"

    def names(self) -> list[str]:
        """The different names the profiles carry, in date order."""
        return list(dict.fromkeys(s.profile.name for s in self.snapshots if s.profile.name))

    def title(self) -> str:
        """'How Dr X's self-ratings changed', or without a name when the names differ."""
        if len(self.names()) > 1:
            return "How the self-ratings changed (the profiles carry different names)"
        return f"How {self.person()}'s self-ratings changed"


def compare_profiles(
    named: list[tuple[str, Profile]],
    assessment: Assessment,
    others: dict[str, OthersView | None] | None = None,
) -> Comparison:
    """Compare profiles (each with the file it came from), oldest first; `others`, by file,
    colleagues' ratings given with each profile."""
    others = others or {}
    if len(named) < 2:
        raise InputError(
            "compare needs at least two profiles, e.g. "
            "`careerplan compare profile-2026.yaml profile-2027.yaml`"
        )
    ordered = sorted(named, key=lambda pair: pair[1].assessed_on)
    snapshots = [
        Snapshot(source, p, assessment.stage_for(p.role, p.years_in_role), others.get(source))
        for source, p in ordered
    ]
    warnings = []
    names = {s.profile.name for s in snapshots if s.profile.name}
    if len(names) > 1:
        warnings.append(
            "these profiles carry different names ("
            + ", ".join(sorted(names))
            + "); check they are the same person's"
        )
    dates = [s.profile.assessed_on for s in snapshots]
    if len(set(dates)) < len(dates):
        warnings.append(
            "two profiles have the same assessed_on date; their order is the order given"
        )
    vocab = assessment.vocabularies
    areas = []
    for term in vocab.areas:
        ratings = [s.profile.ratings.get(term.id) for s in snapshots]
        seen = [_others(s, term.id) for s in snapshots]
        if any(r is not None for r in ratings):
            areas.append(AreaChange(term.id, term.label, ratings, seen))
    scale = {level.value: level.label for level in assessment.scale}
    return Comparison(snapshots=snapshots, areas=areas, scale=scale, warnings=warnings)


def _others(snapshot: Snapshot, area: str) -> float | None:
    view = snapshot.others.areas.get(area) if snapshot.others else None
    return view.others if view else None


def _area_data(area: AreaChange, with_others: bool) -> dict:
    data: dict = {"area": area.area, "ratings": area.ratings, "change": area.change}
    if with_others:
        data |= {"others": area.others, "own_minus_others": area.gaps}
    return data


def comparison_data(comparison: Comparison) -> dict:
    """The comparison as plain data (for --to json); others' ratings only where some
    profile came with colleagues' feedback."""
    with_others = any(s.others is not None for s in comparison.snapshots)
    return {
        "person": comparison.last.profile.name,
        "assessments": [
            {
                "file": s.source,
                "assessed_on": s.profile.assessed_on.isoformat(),
                "role": s.profile.role,
                "stage": s.stage,
                "goals": list(s.profile.goals),
                "support_in_place": list(s.profile.support_in_place),
            }
            for s in comparison.snapshots
        ],
        "areas": [_area_data(a, with_others) for a in comparison.areas],
        "warnings": comparison.warnings,
    }
