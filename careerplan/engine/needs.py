"""How much each development area matters to one person.

need(area) = (top - rating) x importance(area)
(top: the highest rating on the assessment's scale; importance: weights.yaml)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from careerplan.model.weights import Scoring

if TYPE_CHECKING:
    from careerplan.model.catalogue import Catalogue
    from careerplan.model.feedback import OthersView
    from careerplan.model.profile import Profile


class WeightPart(NamedTuple):
    """One term of an area's importance: where it comes from, and how much."""

    source: str  # base, goal, stage, priority
    value: float
    goal: str | None = None
    rank: int = 0  # the goal's position (0: first)
    goal_weight: float = 0.0
    rank_weight: float = 0.0


class Need(NamedTuple):
    """How much one development area matters to this person, with the arithmetic."""

    area: str
    label: str
    rating: int | None
    counted_rating: int
    importance: float
    need: float
    parts: tuple[WeightPart, ...]
    named: bool
    others: float | None = None  # others' average rating, where raters' views count


def _counted(
    area: str, rating: int | None, unrated: int, others: OthersView | None
) -> tuple[int, float | None]:
    """The level the plan counts for an area, and others' average where it counts: a blind
    spot (others rate it lower) counts at their level; an area the person left unrated
    counts at theirs, when they rated it."""
    seen = others.areas.get(area) if others else None
    if seen is None or others is None:
        return (rating if rating is not None else unrated), None
    if rating is None:
        return max(1, min(unrated, round(seen.others))), seen.others
    return others.counted_rating(area, rating), seen.others


def needs(
    profile: Profile, catalogue: Catalogue, stage: str, others: OthersView | None = None
) -> dict[str, Need]:
    """need = (top - rating) x importance for every area, in vocabulary order (an area not
    rated counts as weights.yaml's `unrated`, at most the top; with others' ratings, a blind
    spot counts at their level)."""
    w = catalogue.weights
    top = catalogue.assessment.top
    out: dict[str, Need] = {}
    for term in catalogue.vocab.areas:
        area = term.id
        parts = [WeightPart("base", w.base)]
        for i, goal in enumerate(profile.goals):
            weight = w.goals.get(goal, {}).get(area, 0.0)
            if weight:
                rank = w.goal_rank[min(i, len(w.goal_rank) - 1)]
                parts.append(WeightPart("goal", weight * rank, goal, i, weight, rank))
        stage_weight = w.stages.get(stage, {}).get(area, 0.0)
        if stage_weight:
            parts.append(WeightPart("stage", stage_weight))
        named = area in profile.priority_areas
        if named:
            parts.append(WeightPart("priority", w.priority_bonus))
        importance = round(sum(p.value for p in parts), 2)
        rating = profile.ratings.get(area)
        counted, seen = _counted(area, rating, min(w.unrated, top), others)
        need = round((top - counted) * importance, 2)
        out[area] = Need(
            area, term.label, rating, counted, importance, need, tuple(parts), named, seen
        )
    return out


def top_priorities(all_needs: dict[str, Need], k: Scoring) -> list[Need]:
    """The areas that matter most (need above the minimum), plus every area named."""
    order = list(all_needs)
    ranked = sorted(
        (n for n in all_needs.values() if n.need >= k.priority_min_need),
        key=lambda n: (-n.need, order.index(n.area)),
    )
    shown = ranked[: int(k.priorities_shown)]
    for n in all_needs.values():
        if n.named and n not in shown:
            shown.append(n)
    return sorted(shown, key=lambda n: (-n.need, order.index(n.area)))
