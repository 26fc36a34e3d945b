"""`careerplan profile …`: check, show and describe profile files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from careerplan.cli.common import load
from careerplan.cli.lazy import command_app
from careerplan.cli.options import (
    FrameworkOption,
    PlainOption,
    TerminalOrJsonOption,
    TodayOption,
    terminal_or_json,
)

if TYPE_CHECKING:
    from careerplan.errors import Problem
    from careerplan.model.catalogue import Catalogue
    from careerplan.model.plan import Feedback
    from careerplan.model.profile import Profile

profile_app = command_app(
    help="Check, show and describe profile files (the answers of an assessment).\n\n"
    "Example: careerplan profile validate profile-2026-11-26.yaml",
    no_args_is_help=True,
)


@profile_app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="One or more profile files.")],
    to: TerminalOrJsonOption = "terminal",
    today: TodayOption = None,
) -> None:
    """Check profiles: every problem as `file:line: field: what is wrong` (exit 2).

    --format json prints one entry a file (valid or not, its problems with their lines)
    and still exits 2 when any file has a problem.

    Example: careerplan profile validate profile-2026-11-26.yaml --format json
    """
    from careerplan.errors import ValidationFailed

    fmt = terminal_or_json(to)
    cat = load(None)
    results = [_check_one(path, cat) for path in files]
    problems = [problem for _, found, _ in results for problem in found]
    if fmt == "json":
        from careerplan.store.yamlio import dump_json

        typer.echo(dump_json([_result_data(*result) for result in results]), nl=False)
        if problems:
            raise typer.Exit(ValidationFailed.exit_code)
        return
    for path, found, facts in results:
        if not found:
            from careerplan.textsafe import terminal

            typer.echo(terminal(f"{path}: valid profile ({facts['sentence']})"))
    if problems:
        raise ValidationFailed(problems)


def _check_one(path: Path, cat: Catalogue) -> tuple[Path, list[Problem], dict[str, Any]]:
    """One profile checked: its problems (none when valid) and, when valid, what it says."""
    from careerplan.errors import CareerplanError, Problem, ValidationFailed
    from careerplan.store.profiles import load_profile
    from careerplan.wording import plural

    vocab = cat.vocab.ids()
    try:
        prof = load_profile(path, vocab)
    except ValidationFailed as exc:
        return path, list(exc.problems), {}
    except CareerplanError as exc:
        return path, [Problem(str(path), None, None, None, str(exc).removeprefix(f"{path}: "))], {}
    stage = cat.assessment.stage_for(prof.role, prof.years_in_role)
    facts: dict[str, Any] = {
        "role": prof.role,
        "stage": stage,
        "goals": len(prof.goals),
        "areas_rated": len(prof.ratings),
        "areas": len(vocab["areas"]),
    }
    facts["sentence"] = (
        f"{cat.vocab.label('roles', prof.role)}, stage {stage}, "
        f"{plural(len(prof.goals), 'goal')}, {len(prof.ratings)} of "
        f"{len(vocab['areas'])} areas rated"
    )
    return path, [], facts


def _result_data(path: Path, problems: list[Problem], facts: dict[str, Any]) -> dict[str, Any]:
    return {
        "file": str(path),
        "valid": not problems,
        **{k: v for k, v in facts.items() if k != "sentence"},
        "problems": [
            {"line": p.line, "entry": p.entry, "field": p.field, "message": p.message}
            for p in problems
        ],
    }


@profile_app.command()
def show(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A profile file.")],
    by: FrameworkOption = None,
    to: TerminalOrJsonOption = "terminal",
    plain: PlainOption = False,
    today: TodayOption = None,
) -> None:
    """Show a profile, with a bar chart of the self-ratings.

    --by groups the ratings by the domains of a framework appraisers use (gmp: Good medical
    practice; lcf: NHS board leadership competencies; fmlm; hlm: Healthcare Leadership Model).
    --format json prints the profile's data with its stage and each rating's words;
    --plain (or TERM=dumb) says the ratings in sentences, without bars:
    careerplan profile show profile-2026-11-26.yaml --plain

    Example: careerplan profile show profile-2026-11-26.yaml --by gmp
    """
    from careerplan.assess.answers import answer_rows
    from careerplan.cli.common import console
    from careerplan.cli.export import framework_for
    from careerplan.render.profile import profile_view
    from careerplan.store.profiles import load_profile

    fmt = terminal_or_json(to)
    cat = load(None)
    framework = framework_for(by, cat)
    prof = load_profile(file, cat.vocab.ids())
    others = _feedback(prof, file, cat)
    if fmt == "json":
        from careerplan.store.yamlio import dump_json

        typer.echo(dump_json(_profile_data(prof, cat, others)), nl=False)
        return
    out = console()
    rows = answer_rows(prof, cat.assessment)
    from careerplan.render import plain as plain_mode

    if plain_mode.wanted(plain):
        text = plain_mode.profile_text(prof, cat.assessment, rows, width=out.width, by=framework)
        out.out(text, end="", highlight=False)
        return
    out.print(profile_view(prof, cat.assessment, rows, width=out.width, by=framework))
    if others is not None:
        from careerplan.render import feedback as words

        labels = {t.id: t.label for t in cat.vocab.areas}
        out.print(f"\n{words.heading(others)}", markup=False, highlight=False)
        for line in words.lines(others, labels, every_area=True) + words.comments(others):
            out.print(f" •  {line}", markup=False, highlight=False)


def _feedback(prof: Profile, path: Path, cat: Catalogue) -> Feedback | None:
    """Colleagues' ratings listed in the profile or in its NAME.feedback/ folder, pooled."""
    from careerplan.model.feedback import plan_feedback
    from careerplan.store.feedback_files import feedback_paths, load_feedback

    return plan_feedback(load_feedback(feedback_paths(prof, path, []), prof, cat))


def _profile_data(prof: Profile, cat: Catalogue, others: Feedback | None) -> dict[str, Any]:
    """The profile as saved, with what careerplan reads from it: the stage, the words of
    each rating and, where colleagues rated the person, their pooled view."""
    from careerplan.model.profile import profile_to_data

    scale = {level.value: level.label for level in cat.assessment.scale}
    data: dict[str, Any] = {
        "profile": profile_to_data(prof),
        "stage": cat.assessment.stage_for(prof.role, prof.years_in_role),
        "ratings": [
            {
                "area": term.id,
                "label": term.label,
                "rating": prof.ratings.get(term.id),
                "words": scale.get(prof.ratings[term.id]) if term.id in prof.ratings else None,
            }
            for term in cat.vocab.areas
        ],
    }
    if others is not None:
        data["others"] = others.model_dump(mode="json")
    return data


@profile_app.command()
def schema(today: TodayOption = None) -> None:
    """Print the JSON Schema of a profile, for completion and checking in an editor.

    Example: careerplan profile schema > profile.schema.json
    """
    from careerplan.model.profile import profile_json_schema
    from careerplan.store.yamlio import dump_json

    cat = load(None)
    typer.echo(dump_json(profile_json_schema(cat.vocab.ids())), nl=False)
