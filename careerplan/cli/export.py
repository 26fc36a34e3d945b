"""`careerplan export`: a saved plan as markdown, HTML, JSON, YAML or a calendar file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from careerplan.cli.app import app
from careerplan.cli.common import CatalogueOption, ForceOption, load


@app.command("export")
def export(
    plan: Annotated[
        Path,
        typer.Argument(help="A saved plan (YAML or JSON), as written by `careerplan plan --save`."),
    ],
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            "-t",
            metavar="FORMAT",
            help="md, html, json, yaml or ics. Default: from the --out file's extension; "
            "markdown when printing.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="Write to FILE (atomically, readable by you alone). Without it, print.",
        ),
    ] = None,
    force: ForceOption = False,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            metavar="FILE",
            help='Your organisation\'s own Jinja2 layout for md or html (see "Custom layouts" '
            "in the README).",
        ),
    ] = None,
    catalogue: CatalogueOption = None,
) -> None:
    """Export a saved plan: markdown for appraisal, printable HTML, JSON, YAML or calendar.

    Markdown has a personal development plan table in appraisal form; HTML is one
    self-contained file that prints on A4; ics holds the start and target dates and the
    reviews, with stable ids so that importing again updates rather than duplicates.

    Example: careerplan export plan.yaml --out plan.html
    """
    from careerplan.export import export_plan, format_for, render
    from careerplan.plan import load_plan

    to_stdout = out is None or str(out) == "-"
    fmt = format_for(None if to_stdout else out, to)
    cat = load(catalogue)
    saved = load_plan(plan, cat.vocab.ids())
    if to_stdout:
        content = render(saved, fmt, assessment=cat.assessment, template=template)
        typer.echo(content, nl=False)
        return
    assert out is not None
    export_plan(saved, out, to=fmt, force=force, assessment=cat.assessment, template=template)
    typer.echo(f"Wrote {out} ({fmt})", err=True)
