"""`careerplan profile …`: check, show and describe profile files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from careerplan.cli.common import TodayOption, load
from careerplan.cli.root import app

profile_app = typer.Typer(
    help="Check, show and describe profile files (the answers of an assessment).\n\n"
    "Example: careerplan profile validate profile-2026-11-26.yaml",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)
app.add_typer(profile_app, name="profile")


@profile_app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="One or more profile files.")],
    today: TodayOption = None,
) -> None:
    """Check profiles: every problem as `file:line: field: what is wrong` (exit 2).

    Example: careerplan profile validate profile-2026-11-26.yaml
    """
    from careerplan.errors import CareerplanError, Problem, ValidationFailed
    from careerplan.profile import load_profile
    from careerplan.wording import plural

    cat = load(None)
    vocab = cat.vocab.ids()
    problems: list[Problem] = []
    for path in files:
        try:
            prof = load_profile(path, vocab)
        except ValidationFailed as exc:
            problems.extend(exc.problems)
            continue
        except CareerplanError as exc:
            problems.append(
                Problem(str(path), None, None, None, str(exc).removeprefix(f"{path}: "))
            )
            continue
        stage = cat.assessment.stage_for(prof.role, prof.years_in_role)
        typer.echo(
            f"{path}: valid profile ({cat.vocab.label('roles', prof.role)}, stage "
            f"{stage}, {plural(len(prof.goals), 'goal')}, {len(prof.ratings)} of "
            f"{len(vocab['areas'])} areas rated)"
        )
    if problems:
        raise ValidationFailed(problems)


@profile_app.command()
def show(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A profile file.")],
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="FRAMEWORK",
            help="Group the self-ratings by a framework's domains: gmp, lcf, fmlm or hlm.",
        ),
    ] = None,
    today: TodayOption = None,
) -> None:
    """Show a profile, with a bar chart of the self-ratings.

    --by groups the ratings by the domains of a framework appraisers use (gmp: Good medical
    practice; lcf: NHS board leadership competencies; fmlm; hlm: Healthcare Leadership Model).

    Example: careerplan profile show profile-2026-11-26.yaml --by gmp
    """
    from careerplan.assess.answers import answer_rows
    from careerplan.cli.common import console
    from careerplan.cli.export import framework_for
    from careerplan.profile import load_profile
    from careerplan.render.profile import profile_view

    cat = load(None)
    framework = framework_for(by, cat)
    prof = load_profile(file, cat.vocab.ids())
    out = console()
    rows = answer_rows(prof, cat.assessment)
    out.print(profile_view(prof, cat.assessment, rows, width=out.width, by=framework))


@profile_app.command()
def schema(today: TodayOption = None) -> None:
    """Print the JSON Schema of a profile, for completion and checking in an editor.

    Example: careerplan profile schema > profile.schema.json
    """
    from careerplan.profile import profile_json_schema
    from careerplan.yamlio import dump_json

    cat = load(None)
    typer.echo(dump_json(profile_json_schema(cat.vocab.ids())), nl=False)
