"""Ratings from others (issue 22): a rater file, and what may be shown of several.

A rater file holds one person's view of someone else across the sixteen areas, with the
rater's relationship to them. `others_view` pools rater files so that no single rater's
ratings can be recovered from anything careerplan shows or plans from:

- a mentor who put their name to their ratings and agreed to be shown (`named: true`) is
  shown alone, by name;
- every other rater counts only inside a group of at least MIN_GROUP raters: a
  relationship with that many is shown as itself; the rest are pooled as "other
  colleagues" when they are that many; when they are fewer, every rater but the named
  mentors is pooled into one group of colleagues instead, so that no group can be worked
  out by subtracting one shown figure from another;
- raters that still make fewer than MIN_GROUP are not used at all, and the view says how
  many more ratings would let them count;
- a comment is shown only where its rater ticked `share_comment`, and never with the
  rater's relationship, unless they are a named mentor.

Where others rate an area lower than the person does (by BLIND_SPOT_GAP or more) it is a
blind spot, and the plan counts the lower figure as the person's level; where they rate it
higher it is a hidden strength, named in the plan. Pure data and functions: files are read
in careerplan.store.feedback_files.
"""

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, NamedTuple

from pydantic import Field

from careerplan.model.assessment import RaterQuestions, Strict
from careerplan.model.plan import Feedback, FeedbackArea, FeedbackGroup
from careerplan.model.profile import Rating
from careerplan.model.types import AreaId, Slug, new_dict, vocab_check

RelationshipId = Annotated[Slug, vocab_check("relationships")]

FEEDBACK_VERSION = 1
MIN_GROUP = 3
"""The fewest raters whose ratings are shown or used together."""
COMMENT_MAX = 2000
NAME_MAX = 200
BLIND_SPOT_GAP = 1.0
"""How far others' average must be from the person's own rating to be named."""


class RaterFile(Strict):
    """One rater's view of one person (written by `careerplan form --rater` or
    `careerplan assess --rater`)."""

    version: int = Field(FEEDBACK_VERSION, ge=1, le=FEEDBACK_VERSION)
    feedback_for: str = Field(
        alias="for", min_length=1, max_length=NAME_MAX, description="The person rated"
    )
    relationship: RelationshipId
    given_on: dt.date
    ratings: dict[AreaId, Rating] = Field(default_factory=new_dict)
    comment: str | None = Field(default=None, max_length=COMMENT_MAX)
    share_comment: bool = Field(
        default=False, description="The rater agrees that the comment may be shown"
    )
    rater: str | None = Field(
        default=None, max_length=NAME_MAX, description="The rater's name (used only with named)"
    )
    named: bool = Field(
        default=False,
        description="Agrees to be shown alone, by name (a relationship that may be named)",
    )

    def shown_alone(self, nameable: frozenset[str]) -> bool:
        return self.named and self.relationship in nameable and bool(self.rater)


class View(StrEnum):
    blind_spot = "blind-spot"
    hidden_strength = "hidden-strength"
    agreed = "agreed"


class Group(NamedTuple):
    """Raters shown together: their number and each area's average."""

    label: str
    raters: int
    averages: dict[str, float]


class AreaView(NamedTuple):
    """One area as the person and others see it: their own rating, others' average and
    how far apart."""

    area: str
    own: int | None
    others: float
    raters: int
    view: View


@dataclass(frozen=True)
class OthersView:
    """Everything careerplan may show or plan from, of several rater files."""

    groups: tuple[Group, ...] = ()
    areas: dict[str, AreaView] = field(default_factory=dict)
    comments: tuple[str, ...] = ()
    named_comments: tuple[tuple[str, str], ...] = ()
    unused: int = 0  # raters left out to keep raters anonymous
    needed: int = 0  # more ratings that would let them count

    def counted_rating(self, area: str, own: int) -> int:
        """The level a plan counts for `area`: others' when they see a blind spot."""
        seen = self.areas.get(area)
        if seen is None or seen.view is not View.blind_spot:
            return own
        return max(1, min(own, round(seen.others)))


def _average(raters: list[RaterFile], area: str) -> tuple[float, int] | None:
    values = [r.ratings[area] for r in raters if area in r.ratings]
    if not values:
        return None
    return round(sum(values) / len(values), 1), len(values)


def _group(label: str, raters: list[RaterFile], areas: list[str], alone: bool) -> Group:
    if alone:
        return Group(label, 1, {a: float(v) for a, v in raters[0].ratings.items() if a in areas})
    averages = {a: avg for a in areas if (avg := _average_only(raters, a)) is not None}
    return Group(label, len(raters), averages)


def _average_only(raters: list[RaterFile], area: str) -> float | None:
    """An area's average in a group, only when at least MIN_GROUP of them rated it."""
    found = _average(raters, area)
    return found[0] if found and found[1] >= MIN_GROUP else None


def shown_groups(
    raters: list[RaterFile], words: RaterQuestions
) -> tuple[list[tuple[str, list[RaterFile]]], int]:
    """The groups of raters that may be shown, disjoint, and how many raters are unused.
    A rater shown alone is a group of one, labelled with their name."""
    nameable = words.nameable()
    alone = [r for r in raters if r.shown_alone(nameable)]
    rest = [r for r in raters if not r.shown_alone(nameable)]
    groups: list[tuple[str, list[RaterFile]]] = [
        (f"{r.rater} ({words.label(r.relationship).lower()})", [r]) for r in alone
    ]
    by_kind: dict[str, list[RaterFile]] = {}
    for r in rest:
        by_kind.setdefault(r.relationship, []).append(r)
    big = [(k, rs) for k, rs in by_kind.items() if len(rs) >= MIN_GROUP]
    small = [r for k, rs in by_kind.items() if len(rs) < MIN_GROUP for r in rs]
    if not small or len(small) >= MIN_GROUP:
        order = words.ids()
        groups += [(words.plural(k), rs) for k, rs in sorted(big, key=lambda g: order.index(g[0]))]
        if small:
            groups.append(("other colleagues" if big else "colleagues", small))
        return groups, 0
    if len(rest) >= MIN_GROUP:
        return [*groups, ("colleagues", rest)], 0
    return groups, len(rest)


def others_view(
    raters: list[RaterFile], own: dict[str, int], areas: list[str], words: RaterQuestions
) -> OthersView:
    """What may be shown and planned from, of these rater files (see the module's rules)."""
    groups, unused = shown_groups(raters, words)
    nameable = words.nameable()
    used = [r for _, rs in groups for r in rs]
    shown = tuple(
        _group(label, rs, areas, len(rs) == 1 and rs[0].shown_alone(nameable))
        for label, rs in groups
    )
    views: dict[str, AreaView] = {}
    for area in areas:
        # Only groups that show this area count towards it, so that the figure a plan
        # uses can be made from the figures it shows, and from nothing finer.
        values = [
            r.ratings[area]
            for (_, rs), group in zip(groups, shown, strict=True)
            if area in group.averages
            for r in rs
            if area in r.ratings
        ]
        if not values:
            continue
        others = round(sum(values) / len(values), 1)
        mine = own.get(area)
        if mine is None or abs(others - mine) < BLIND_SPOT_GAP:
            view = View.agreed
        else:
            view = View.blind_spot if others < mine else View.hidden_strength
        views[area] = AreaView(area, mine, others, len(values), view)
    pooled = [r for r in used if not r.shown_alone(nameable)]
    comments = tuple(sorted(r.comment for r in pooled if r.comment and r.share_comment))
    named = tuple(
        (str(r.rater), r.comment)
        for r in used
        if r.shown_alone(nameable) and r.comment and r.share_comment
    )
    return OthersView(
        groups=shown,
        areas=views,
        comments=comments if len(pooled) >= MIN_GROUP else (),
        named_comments=named,
        unused=unused,
        needed=(MIN_GROUP - unused) if unused else 0,
    )


def plan_feedback(others: OthersView | None) -> Feedback | None:
    """What the plan keeps of others' ratings: only what may be shown."""
    if others is None:
        return None
    return Feedback(
        groups=[
            FeedbackGroup(label=g.label, raters=g.raters, averages=g.averages)
            for g in others.groups
        ],
        areas=[
            FeedbackArea(
                area=a.area, own=a.own, others=a.others, raters=a.raters, view=a.view.value
            )
            for a in others.areas.values()
        ],
        comments=list(others.comments),
        named_comments=list(others.named_comments),
        unused=others.unused,
        needed=others.needed,
    )
