"""A saved profile's answers in words, for `profile show` (as on the review screen)."""

from __future__ import annotations

from careerplan.assess.fields import get_path
from careerplan.assess.kinds import Ratings, kind_of
from careerplan.model.assessment import Assessment, Question
from careerplan.model.profile import Profile, profile_to_data

TITLE_FIELD = "name"
"""Shown as the title of the view, not as a row."""
SITUATION = "situation."
"""The situation's fields: optional, shown only when given."""
AFTER_SITUATION = "constraints.hours_per_month"
"""The first field asked after the situation (where 'nothing given' goes)."""


def answer_rows(profile: Profile, assessment: Assessment) -> list[tuple[str, str]]:
    """(label, answer in words) for each field the questions fill in, in question order,
    with the career stage after the years in role; the ratings are left to their chart."""
    data = profile_to_data(profile)
    by_field: dict[str, list[Question]] = {}
    for q in assessment.questions:
        by_field.setdefault(q.field, []).append(q)
    rows: list[tuple[str, str]] = []
    situation_shown = False
    for path, questions in by_field.items():
        first, last = questions[0], questions[-1]  # an `order` question comes last
        kind = kind_of(last, assessment, profile.assessed_on)
        if path == TITLE_FIELD or isinstance(kind, Ratings):
            continue
        value = get_path(data, path)
        if path.startswith(SITUATION):
            if value in (None, False, []):  # optional, and only what was given is shown
                continue
            situation_shown = True
        elif not situation_shown and path == AFTER_SITUATION:
            rows.append(("Your situation", "nothing given"))
            situation_shown = True
        rows.append((first.label, kind.show(value)))
        if path == "years_in_role":
            stage = assessment.stage_for(profile.role, profile.years_in_role)
            label = assessment.vocabularies.label("stages", stage)
            rows.append(("Career stage", f"{label} (from role and years)"))
    if profile.mentor:
        rows.append(("Mentor", profile.mentor))
    return rows
