"""Others' ratings beside the person's own, in words: one place for every view of a plan
(the terminal, the exports and `profile show`)."""

from __future__ import annotations

from careerplan import wording
from careerplan.model.plan import Feedback


def heading(feedback: Feedback) -> str:
    """'How others see you (4 people: Prof M Mentor (mentor) and 3 peers)'."""
    raters = sum(g.raters for g in feedback.groups)
    if not raters:
        return "How others see you"
    who = wording.and_list(
        [g.label if g.raters == 1 else f"{g.raters} {g.label}" for g in feedback.groups]
    )
    return f"How others see you ({wording.plural(raters, 'person', 'people')}: {who})"


def lines(feedback: Feedback, labels: dict[str, str], *, every_area: bool = False) -> list[str]:
    """Blind spots and hidden strengths (with `every_area`, each area rated), then what
    was left out to keep raters anonymous."""
    out: list[str] = []
    for a in feedback.areas:
        own = "you did not rate it" if a.own is None else f"you {a.own}"
        others = f"others {wording.number(a.others, 1)}"
        if a.view == "blind-spot":
            counted = max(1, min(a.own or 1, round(a.others)))
            out.append(
                f"Blind spot: {labels[a.area]}: {own}, {others}; the plan counts "
                f"{counted}, so it weighs as a need."
            )
        elif a.view == "hidden-strength":
            out.append(f"Hidden strength: {labels[a.area]}: {own}, {others}.")
        elif every_area:
            out.append(f"{labels[a.area]}: {own}, {others}.")
    if feedback.areas and not out:
        out.append("Others' ratings are close to your own in every area they rated.")
    if feedback.unused:
        out.append(
            f"{wording.plural(feedback.unused, 'rating')} not used yet: others' ratings "
            "count only when at least three people's can be pooled, so that no one's can be "
            f"told apart; {wording.plural(feedback.needed, 'more rater')} would let them count."
        )
    return out


def comments(feedback: Feedback) -> list[str]:
    """Comments their raters agreed to share: a named mentor's with their name, the rest
    without a name or a relationship."""
    return [f"{name}: {text}" for name, text in feedback.named_comments] + [
        f"A colleague: {text}" for text in feedback.comments
    ]
