"""`careerplan compare`: how a person's self-assessment changed over time."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from careerplan.cli.common import CatalogueOption, ForceOption, TodayOption, console, emit, load
from careerplan.cli.root import app


class CompareFormat(StrEnum):
    terminal = "terminal"
    md = "md"
    html = "html"
    json = "json"


COMPARE_HELP = (
    "Show how self-ratings, goals and stage changed between assessments.\n\n"
    "Each area's rating at every assessment, as a chart, with the change from first "
    "to last.\n\n"
    "Example: careerplan compare profile-2026.yaml profile-2027.yaml"
)


@app.command(help=COMPARE_HELP)
def compare(
    profiles: Annotated[
        list[Path],
        typer.Argument(
            metavar="OLD_PROFILE NEW_PROFILE [MORE...]",
            help="Two or more profiles of the same person, in any order (sorted by date).",
        ),
    ],
    to: Annotated[
        CompareFormat | None,
        typer.Option(
            "--to",
            "--format",
            "-t",
            "-f",
            help="terminal (a chart), md, html or json; with --out, taken from the file's "
            "extension when not given.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="FILE", help="Write to FILE instead of printing."),
    ] = None,
    force: ForceOption = False,
    catalogue: CatalogueOption = None,
    today: TodayOption = None,
) -> None:
    """`careerplan compare`: the help text is COMPARE_HELP."""
    from careerplan.compare import compare_profiles, comparison_data
    from careerplan.profile import load_profile
    from careerplan.render import compare as render

    to = to or _format_of(out)
    cat = load(catalogue)
    vocab_ids = cat.vocab.ids()
    named = [(str(p), load_profile(p, vocab_ids)) for p in profiles]
    comparison = compare_profiles(named, cat.assessment)
    if to is CompareFormat.terminal and out is None:
        console().print(render.terminal_view(comparison, cat.vocab))
        return
    if to is CompareFormat.json:
        from careerplan.yamlio import dump_json

        text = dump_json(comparison_data(comparison))
    elif to is CompareFormat.html:
        text = render.html_page(comparison, cat.vocab)
    elif to is CompareFormat.md:
        text = render.markdown(comparison, cat.vocab)
    else:
        from careerplan.render.text import to_text

        text = to_text(render.terminal_view(comparison, cat.vocab))
    emit(text, out, force=force, private=True)


_EXTENSIONS = {
    ".json": CompareFormat.json,
    ".md": CompareFormat.md,
    ".markdown": CompareFormat.md,
    ".html": CompareFormat.html,
    ".htm": CompareFormat.html,
    ".txt": CompareFormat.terminal,
}


def _format_of(out: Path | None) -> CompareFormat:
    """The format --out's extension names (terminal text when printing), or one line."""
    if out is None:
        return CompareFormat.terminal
    found = _EXTENSIONS.get(out.suffix.lower())
    if found is None:
        from careerplan.errors import InputError

        raise InputError(
            f"{out}: cannot tell the format from the extension '{out.suffix or '(none)'}'; "
            "use .md, .html, .json or .txt, or add --to md|html|json|terminal"
        )
    return found
