"""Words shared by the engine's sentences: ordinals, days, hours, labels, placeholders."""

from __future__ import annotations

from careerplan import wording
from careerplan.engine.context import Context
from careerplan.engine.needs import Need
from careerplan.model.placeholders import resolve

ORDINALS = ("first", "second", "third", "fourth", "fifth")


def _a(phrase: str) -> str:
    return ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase


def ordinal(i: int) -> str:
    return ORDINALS[i] if i < len(ORDINALS) else f"number {i + 1}"


def days_text(days: float) -> str:
    return wording.plural(days, "day")


# ------------------------------------------------------------------------------- reasons

STRENGTH_WORDS = {1: "in part", 2: "well", 3: "strongly"}


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def fill(text: str, ctx: Context) -> str:
    """Fill an advice text's placeholders for this person."""
    vocab = ctx.catalogue.vocab
    areas = [f"‘{_lower(n.label)}’" for n in ctx.priorities[:3] if n.need > 0]
    top = (
        (", ".join(areas[:-1]) + " and " + areas[-1])
        if len(areas) > 1
        else (areas[0] if areas else "your goals")
    )
    text = resolve(text, ctx.profile, ctx.catalogue.wording)  # {ask}, {org}, {when_new}
    return text.format(
        top_areas=top,
        first_goal=f"‘{vocab.label('goals', ctx.profile.goals[0])}’",
        top_area=f"‘{_lower(ctx.priorities[0].label)}’" if ctx.priorities else "your needs",
        stage=_lower(vocab.label("stages", ctx.stage)),
        clinical_days=days_text(ctx.profile.clinical_days_per_week),
    )


def _goal_link(area: str, ctx: Context) -> str:
    """Words linking an area to the person's goals or stage, where the link is strong."""
    vocab = ctx.catalogue.vocab
    w = ctx.catalogue.weights
    for i, goal in enumerate(ctx.profile.goals):
        if w.goals.get(goal, {}).get(area, 0) >= 1:
            return f"it matters for your {ordinal(i)} goal, ‘{vocab.label('goals', goal)}’"
    if w.stages.get(ctx.stage, {}).get(area, 0) >= 1:
        return f"it matters for {_a(_lower(vocab.label('stages', ctx.stage)))}"
    return ""


def _rated(n: Need, top: int) -> str:
    if n.rating is None:
        return f"you did not rate {_lower(n.label)}"
    return f"you rated {_lower(n.label)} {wording.rating(n.rating, top)}"


def hours_text(hours: float) -> str:
    return wording.plural(hours, "hour")


def _time_in_post(years: float) -> str:
    """'six months', 'year', '2 years': a span in post, said as people say it."""
    if years < 1:
        months = round(years * 12)
        return f"{wording.word_count(months).lower()} months" if months != 1 else "month"
    return "year" if years == 1 else wording.plural(years, "year")
