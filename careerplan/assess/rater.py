"""`careerplan assess --rater --for NAME`: a colleague's view of someone, in the terminal.

The same questions as the web rater page (`careerplan form --rater`), from the assessment's
`rater:` texts: the relationship, each area on the rating scale (or not sure), an optional
comment and whether it may be shown; a relationship that may be named is asked whether to
be. Asked through the same `UI` protocol as the self-assessment, so the terminal prompts and
the tests' scripted answers are the same as `assess`'s."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careerplan import wording
from careerplan.assess.ui import MISSING, UI, Option, Prompt, Step
from careerplan.errors import InputError
from careerplan.model.assessment import Assessment, Question, RaterQuestions
from careerplan.model.feedback import COMMENT_MAX, FEEDBACK_VERSION, NAME_MAX

if TYPE_CHECKING:
    from rich.console import Console

    from careerplan.model.catalogue import Catalogue


def _words(assessment: Assessment) -> RaterQuestions:
    if assessment.rater is None:
        raise InputError(
            "this catalogue's assessment.yaml has no `rater:` questions; add them as the "
            "shipped one does to ask colleagues for their view"
        )
    return assessment.rater


def feedback_file_name(person: str, today: dt.date) -> Path:
    """feedback-for-dr-a-example-2026-12-03.yaml: the name the web page saves too."""
    from careerplan.assess.form import slug

    return Path(f"feedback-for-{slug(person)}-{today.isoformat()}.yaml")


def _text_check(most: int) -> Any:
    def check(value: Any) -> str | None:
        text = str(value or "").strip()
        if len(text) > most:
            return f"use at most {wording.number(most)} characters (this has {len(text)})"
        from careerplan.textsafe import refused_char

        if refused_char(text.replace("\t", " ")):
            return "use plain text, without control characters"
        return None

    return check


class _Asker:
    """Numbers the prompts and hands them to the UI."""

    def __init__(self, ui: UI, section: str, total: int):
        self.ui, self.section, self.total, self.number = ui, section, total, 0

    def ask(self, qid: str, kind: Any, message: str, **more: Any) -> Any:
        self.number += 1
        # A question of the rater's own, not one of assessment.yaml's: it carries the
        # step's id and words to the UI, so it is built as it is, not checked as one.
        question = Question.model_construct(
            id=qid.partition(".")[0],
            section=self.section,
            label=message,
            kind="text" if kind == "text" else "select",
            field=qid.partition(".")[0],
            prompt=message,
            required=False,
        )
        key = qid.partition(".")[2] or None
        prompt = Prompt(
            step=Step(question, key),
            kind=kind,
            message=message,
            help=more.pop("help", ""),
            options=more.pop("options", []),
            default=more.pop("default", MISSING),
            number=self.number,
            total=self.total,
            section=self.section,
            validate=more.pop("validate", lambda value: None),
            **more,
        )
        return self.ui.ask(prompt)


def rater_answers(ui: UI, assessment: Assessment, person: str, today: dt.date) -> dict[str, Any]:
    """Ask a colleague for their view of `person`; the feedback file's data."""
    words = _words(assessment)
    ratings = next(q for q in assessment.questions if q.kind == "ratings")
    areas = getattr(assessment.vocabularies, str(ratings.choices))
    section = f"Your view of {person}"

    def text(template: str) -> str:
        return template.replace("{person}", person)

    asker = _Asker(ui, section, len(areas) + 2)
    relationship = asker.ask(
        "relationship",
        "select",
        text(words.relationship),
        options=[Option(r.id, r.label, r.help) for r in words.relationships],
    )
    levels = [Option(s.value, s.label, s.help, key=str(s.value)) for s in assessment.scale]
    not_sure = Option(None, "Not sure", "Leave this area unrated")
    given: dict[str, int] = {}
    for i, term in enumerate(areas, 1):
        level = asker.ask(
            f"ratings.{term.id}",
            "select",
            term.label,
            help=term.help,
            options=[*levels, not_sure],
            default=None,
            note=f"(area {i} of {len(areas)})",
            intro=text(words.ratings) + " " + text(words.ratings_help) if i == 1 else "",
        )
        if level is not None:
            given[term.id] = int(level)
    comment = str(
        asker.ask("comment", "text", text(words.comment), validate=_text_check(COMMENT_MAX))
    ).strip()
    data: dict[str, Any] = {
        "version": FEEDBACK_VERSION,
        "for": person,
        "given_on": today,
        "relationship": relationship,
        "ratings": given,
    }
    if comment:
        data["comment"] = comment
        data["share_comment"] = ui.confirm(text(words.share_comment), default=False)
    if relationship in words.nameable() and ui.confirm(text(words.named), default=False):
        asker.total += 1
        name = str(
            asker.ask("rater", "text", text(words.rater), validate=_text_check(NAME_MAX))
        ).strip()
        if name:
            data["named"] = True
            data["rater"] = name
    return data


def run_rater(
    person: str,
    catalogue: Catalogue,
    *,
    console: Console,
    terminal: bool,
    today: dt.date,
    out: Path | None,
    force: bool,
    ui: UI | None = None,
) -> Path:
    """Ask, check the answers as a feedback file, and save it (private to the rater)."""
    from rich.markup import escape

    from careerplan.assess.session import save_asking
    from careerplan.store.feedback_files import validate_rater_data
    from careerplan.store.files import write_atomic
    from careerplan.store.yamlio import dump_yaml

    if not terminal and ui is None:
        raise InputError(
            "assess --rater asks its questions in a terminal; to ask a colleague who has no "
            "terminal, send them the page `careerplan form --rater --for NAME` writes"
        )
    if ui is None:
        from careerplan.assess.prompts import QuestionaryUI

        ui = QuestionaryUI(console)
    words = _words(catalogue.assessment)
    console.print(f"\n[bold]Your view of {escape(person)}[/bold]\n")
    console.print(escape(words.intro.replace("{person}", person)))
    console.print(
        "Type an option's number, or use the arrow keys, then Enter. Nothing leaves this "
        "computer: at the end you save a file to send back to them.\n"
    )
    data = rater_answers(ui, catalogue.assessment, person, today)
    validate_rater_data(data, "your answers", catalogue)
    text = "# careerplan feedback: a colleague's view, from `careerplan assess --rater`.\n"
    text += dump_yaml(data)

    def write(path: Path, replace: bool) -> Path:
        return write_atomic(path, text, force=replace, private=True)

    default = feedback_file_name(person, today)
    path = save_asking(ui, console, default, out, write, force=force, message="Save your view as")
    console.print(
        f"Saved your view of {escape(person)} to {escape(str(path))} (readable by you only): "
        "send this file back to them."
    )
    return path
